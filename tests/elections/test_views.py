"""The secretariat's composition pages: import with preview, the table, its PDF, lots, confirmation, KL's numbers."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from elections import services
from elections.demo import load_demo_results
from elections.models import CompositionSnapshot, ElectionResultSet
from kkr import formats
from members.models import SeatEntitlement
from tests.elections.test_import import results_csv
from tests.elections.test_services import TIED, imported, snapshot


def url(name, council, period="2026-2030"):
    return reverse(f"elections:{name}", args=[council.slug, period])


def upload(text, name="kv25.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# --- Import ------------------------------------------------------------------------------------------


def test_staff_preview_a_file_then_apply_it(client, nordjylland, period, staff_user):
    client.force_login(staff_user)
    response = client.post(url("result-import", nordjylland), {"file": upload(results_csv(nordjylland)), "note": "DST"})
    assert response.status_code == 200
    assert "Ingen fejl: 33 rækker er klar til at blive indlæst. Intet er gemt endnu." in response.text
    assert not ElectionResultSet.objects.exists()
    content = response.context["apply_form"].initial
    response = client.post(url("result-import", nordjylland), content)
    assert response.status_code == 302
    assert response.url == url("composition-detail", nordjylland)
    result_set = ElectionResultSet.objects.get()
    assert (result_set.imported_by, result_set.source_name, result_set.note) == (staff_user, "kv25.csv", "DST")
    assert result_set.party_results.count() == 33


def test_a_bad_file_shows_every_problem_in_danish_and_stores_nothing(client, nordjylland, staff_user):
    client.force_login(staff_user)
    before = snapshot()
    text = results_csv(nordjylland, extra=["9999;A;Socialdemokratiet;ti;1;"])
    response = client.post(url("result-import", nordjylland), {"file": upload(text)})
    assert response.status_code == 400
    assert "Filen har 2 fejl, og intet er indlæst." in response.text
    assert "Ukendt kommunekode «9999»." in response.text
    assert "Stemmetallet «ti» er ikke et helt tal på mindst 0." in response.text
    assert "Indlæs resultatet" not in response.text
    assert snapshot() == before


def test_an_excel_workbook_is_refused_in_danish_and_stores_nothing(client, nordjylland, staff_user):
    client.force_login(staff_user)
    before = snapshot()
    workbook = SimpleUploadedFile("resultater.csv", b"PK\x03\x04" + b"\x00" * 64, content_type="text/csv")
    response = client.post(url("result-import", nordjylland), {"file": workbook})
    assert response.status_code == 400
    assert "Filen er et Excel-regneark (.xlsx), ikke en CSV-fil." in response.text
    assert snapshot() == before


def test_a_tampered_apply_is_checked_again_and_stores_nothing(client, nordjylland, staff_user):
    client.force_login(staff_user)
    before = snapshot()
    response = client.post(url("result-import", nordjylland), {"content": "kommunekode;bogstav\n0851;A\n"})
    assert response.status_code == 400
    assert "Filen mangler kolonnerne" in response.text
    assert snapshot() == before


def test_no_file_is_a_danish_form_error(client, nordjylland, staff_user):
    client.force_login(staff_user)
    response = client.post(url("result-import", nordjylland), {})
    assert response.status_code == 400
    assert "Vælg en fil." in response.text


def test_import_is_for_the_councils_staff_only(client, nordjylland, other_staff_user, member_user):
    client.force_login(other_staff_user)
    assert client.get(url("result-import", nordjylland)).status_code == 404
    client.force_login(member_user)
    assert client.post(url("result-import", nordjylland), {"file": upload(results_csv(nordjylland))}).status_code == 403
    assert not ElectionResultSet.objects.exists()


# --- The composition page -----------------------------------------------------------------------------


def test_without_results_the_page_says_what_to_do(client, nordjylland, staff_user):
    client.force_login(staff_user)
    response = client.get(url("composition-detail", nordjylland))
    assert response.status_code == 200
    assert "Der er endnu ikke indlæst noget valgresultat for perioden." in response.text


def test_the_page_shows_the_calculation_with_the_rules(client, nordjylland, period, staff_user):
    load_demo_results(nordjylland, period)
    client.force_login(staff_user)
    response = client.get(url("composition-detail", nordjylland))
    assert response.status_code == 200
    table = response.context["table"]
    venstre = next(row for row in table["rows"] if row["letter"] == "V")
    assert (venstre["mayors"], venstre["seats"], venstre["supplementary"], venstre["rule"]) == (8, 8, 0, "B1 1.1 (a)")
    assert venstre["votes"] == 75178 and formats.format_percent(venstre["valid_vote_share"], 2) == "23,10 %"
    underrepresentation = formats.format_decimal(venstre["underrepresentation"], 4)
    assert "," in underrepresentation
    for text in (
        "75.178",
        "23,10 %",
        underrepresentation,
        "2 × 11 kommuner = 22",
        "Borgerlisten",
        "Ikke berettiget: under 2 %",
        "KL's love § 15 stk. 2",
    ):
        assert text in response.text
    assert table["totals"]["seats"] == 22


def test_the_page_runs_a_constant_number_of_queries(client, nordjylland, period, staff_user, django_assert_num_queries):
    load_demo_results(nordjylland, period)
    services.confirm_composition(ElectionResultSet.objects.get(), actor=staff_user)
    client.force_login(staff_user)
    client.get(url("composition-detail", nordjylland))
    # session, user; the user's roles (access, council and navigation in one); period with rule set;
    # result set with snapshot and confirming user; party rows; municipality rows; snapshot lines.
    with django_assert_num_queries(8):
        client.get(url("composition-detail", nordjylland))
    load_demo_results(nordjylland, period)  # the newest import has more rows to sum, not more queries
    with django_assert_num_queries(7):  # no snapshot lines: the newest import is not confirmed
        client.get(url("composition-detail", nordjylland))


def test_a_tie_asks_staff_to_draw_lots_and_records_the_lot(client, nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    client.force_login(staff_user)
    response = client.get(url("composition-detail", nordjylland))
    assert "Uafgjort mellem C og V om plads 17 – der skal trækkes lod." in response.text
    assert '<option value="C">C</option>' in response.text and '<option value="V">V</option>' in response.text
    response = client.post(url("lot-create", nordjylland), {"tied": "C|V", "chosen": "V"})
    assert response.status_code == 302
    result_set.refresh_from_db()
    assert result_set.lots == [{"tied": ["C", "V"], "chosen": "V", "seat": 17}]
    assert "Plads 17: lod mellem C og V – faldt på V." in client.get(url("composition-detail", nordjylland)).text


def test_a_lot_for_someone_not_tied_is_refused(client, nordjylland, period, staff_user):
    result_set = imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    client.force_login(staff_user)
    client.post(url("lot-create", nordjylland), {"tied": "C|V", "chosen": "A"})
    client.post(url("lot-create", nordjylland), {"tied": "A|C", "chosen": "A"})  # a tie that is not open
    client.post(url("lot-create", nordjylland), {"tied": "V", "chosen": "V"})
    result_set.refresh_from_db()
    assert result_set.lots == []


def test_the_page_is_for_the_councils_staff(client, nordjylland, period, other_staff_user, member_user):
    assert client.get(url("composition-detail", nordjylland)).url.startswith(reverse("login"))
    client.force_login(other_staff_user)
    assert client.get(url("composition-detail", nordjylland)).status_code == 404
    client.force_login(member_user)
    assert client.get(url("composition-detail", nordjylland)).status_code == 403


def test_an_unknown_period_is_404(client, nordjylland, staff_user):
    client.force_login(staff_user)
    assert client.get(url("composition-detail", nordjylland, "2099-2103")).status_code == 404


def test_the_page_is_read_only(client, nordjylland, staff_user):
    client.force_login(staff_user)
    assert client.post(url("composition-detail", nordjylland)).status_code == 405


# --- PDF -----------------------------------------------------------------------------------------------


def test_the_pdf_is_a_real_tagged_pdf_a_2a_of_the_table(client, nordjylland, period, staff_user):
    from tests.meetings.pdftext import pdf_text
    from tests.pdfstructure import identification, is_tagged, unembedded_fonts, untagged_text_pages

    load_demo_results(nordjylland, period)
    client.force_login(staff_user)
    response = client.get(url("composition-pdf", nordjylland))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="sammensaetning-nordjylland-2026-2030.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "Venstre" in text and "B1 1.1" in text
    pdf = response.content
    assert is_tagged(pdf) and unembedded_fonts(pdf) == [] and untagged_text_pages(pdf) == []
    assert identification(pdf) == {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}


def test_no_pdf_without_results_or_for_outsiders(client, nordjylland, staff_user, other_staff_user):
    client.force_login(staff_user)
    assert client.get(url("composition-pdf", nordjylland)).status_code == 404
    client.force_login(other_staff_user)
    assert client.get(url("composition-pdf", nordjylland)).status_code == 404


# --- Confirmation and KL's numbers ---------------------------------------------------------------------


def test_staff_confirm_the_composition_into_the_seat_entitlements(client, nordjylland, period, staff_user):
    load_demo_results(nordjylland, period)
    client.force_login(staff_user)
    response = client.post(url("composition-confirm", nordjylland))
    assert response.status_code == 302
    assert CompositionSnapshot.objects.get().confirmed_by == staff_user
    assert SeatEntitlement.objects.get(council=nordjylland, period=period, party__letter="V").seats == 8
    assert "Bekræft sammensætningen" not in client.get(url("composition-detail", nordjylland)).text


def test_confirmation_is_post_only_and_for_staff(client, nordjylland, period, staff_user, member_user):
    load_demo_results(nordjylland, period)
    client.force_login(staff_user)
    assert client.get(url("composition-confirm", nordjylland)).status_code == 405
    client.force_login(member_user)
    assert client.post(url("composition-confirm", nordjylland)).status_code == 403
    assert not SeatEntitlement.objects.exists()


def test_an_unresolved_tie_is_not_confirmed(client, nordjylland, period, staff_user):
    imported(nordjylland, period, lists=TIED, mayors="AAAAAAVVVVV")
    client.force_login(staff_user)
    response = client.post(url("composition-confirm", nordjylland), follow=True)
    assert "der skal trækkes lod" in response.text
    assert not SeatEntitlement.objects.exists()


def test_kls_numbers_are_entered_and_the_difference_is_shown(client, nordjylland, period, staff_user):
    snap = services.confirm_composition(load_demo_results(nordjylland, period), actor=staff_user)
    client.force_login(staff_user)
    assert client.get(url("official-update", nordjylland)).status_code == 200
    data = {f"line_{line.pk}": line.seats for line in snap.lines.all()}
    line = snap.lines.get(party__letter="C")
    data.update({f"line_{line.pk}": line.seats + 1, "note": "KL har afrundet anderledes"})
    assert client.post(url("official-update", nordjylland), data).status_code == 302
    line.refresh_from_db()
    assert line.official_seats == line.seats + 1
    page = client.get(url("composition-detail", nordjylland)).text
    assert "(+1)" in page and "KL har afrundet anderledes" in page


def test_bad_kl_numbers_are_refused_in_danish(client, nordjylland, period, staff_user):
    snap = services.confirm_composition(load_demo_results(nordjylland, period), actor=staff_user)
    line = snap.lines.get(party__letter="C")
    client.force_login(staff_user)
    response = client.post(url("official-update", nordjylland), {f"line_{line.pk}": "-1"})
    assert response.status_code == 400
    assert "Antallet kan ikke være negativt." in response.text
    response = client.post(url("official-update", nordjylland), {f"line_{line.pk}": line.seats + 1})
    assert "Skriv en bemærkning" in response.text
    line.refresh_from_db()
    assert line.official_seats is None


def test_kl_numbers_need_a_confirmed_composition_and_staff(client, nordjylland, period, staff_user, member_user):
    load_demo_results(nordjylland, period)
    client.force_login(staff_user)
    assert client.get(url("official-update", nordjylland)).status_code == 404
    client.force_login(member_user)
    assert client.get(url("official-update", nordjylland)).status_code == 403
    assert client.delete(url("official-update", nordjylland)).status_code == 405
