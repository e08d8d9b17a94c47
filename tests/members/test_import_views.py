"""The secretariat's CSV import of municipal politicians: upload → preview → apply, per role, with bad
files refused in Danish and nothing changed."""

import codecs
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import MunicipalOffice, Party, Person
from tests.builders import snapshot

pytestmark = pytest.mark.django_db

URL = reverse("members:office-import", args=["nordjylland"])
SAMPLE = Path(settings.BASE_DIR) / "docs" / "members-import-sample.csv"
GOOD = "kommunekode;navn;parti;hverv;email\n0851;Anna Andersen;A;borgmester;anna@aalborg.example\n"


def upload(content: bytes | str, name="medlemmer.csv"):
    data = content.encode() if isinstance(content, str) else content
    return {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "starts_on": "2026-01-01"}


def test_staff_preview_then_apply_and_the_rows_carry_their_user(client, staff_user):
    client.force_login(staff_user)
    assert client.get(URL).status_code == 200
    before = snapshot()
    preview = client.post(URL, upload(codecs.BOM_UTF8 + GOOD.encode()))
    page = preview.content.decode()
    assert preview.status_code == 200 and "Anna Andersen" in page and "Intet er gemt endnu" in page
    assert snapshot() == before
    apply = client.post(URL, {"content": preview.context["apply_form"]["content"].value(), "starts_on": "2026-01-01"})
    assert apply.status_code == 302 and apply["Location"] == reverse("members:roster-detail", args=["nordjylland"])
    anna = Person.objects.get(name="Anna Andersen")
    assert set(anna.offices.values_list("kind", flat=True)) == {"mayor", "council_member"}
    assert {h.history_user for h in MunicipalOffice.history.all()} == {staff_user}


def test_the_documented_sample_file_is_valid(client, staff_user):
    Party.objects.create(name="Læsø Listen", kind=Party.Kind.LOCAL_LIST)
    client.force_login(staff_user)
    response = client.post(URL, upload(SAMPLE.read_bytes(), name=SAMPLE.name))
    assert response.status_code == 200 and response.context["parsed"].is_valid


def test_only_the_councils_secretariat_reaches_the_import(client, member_user, other_staff_user):
    assert client.get(URL)["Location"].startswith(reverse("login"))
    client.force_login(member_user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, upload(GOOD)).status_code == 403
    client.force_login(other_staff_user)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"content": GOOD, "starts_on": "2026-01-01"}).status_code == 404
    assert not Person.objects.filter(name="Anna Andersen").exists()


def test_the_import_refuses_other_methods(client, staff_user):
    client.force_login(staff_user)
    assert client.put(URL).status_code == 405


@pytest.mark.parametrize(
    "data, message",
    [
        (upload(GOOD + "0101;Kim København;A;medlem;\n"), "København (0101) hører ikke under KKR Nordjylland."),
        (upload(GOOD + "0851;Bo Borg;A;borgmester;\n"), "Aalborg har allerede en borgmester i linje 2"),
        (upload("navn;parti\nAnna;A\n"), "Filen mangler kolonnerne: kommunekode, hverv."),
        (upload(b"PK\x03\x04xlsx"), "Excel-regneark"),
        (upload(b"kommunekode\n\x81\x8d\n"), "tegnsæt"),
        (upload(b""), "Filen er tom."),
        (upload(b"x" * (1024 * 1024 + 1)), "Filen er for stor (højst 1 MB)."),
        ({"starts_on": "2026-01-01"}, "Vælg en fil."),
        ({**upload(GOOD), "starts_on": "1. januar"}, "Angiv en gyldig dato"),
        ({"content": "", "starts_on": "2026-01-01"}, "Filens indhold kom ikke med."),
        ({"content": GOOD + "0851;Bo;Q;medlem;\n", "starts_on": "2026-01-01"}, "Ukendt partibogstav «Q»"),
    ],
)
def test_a_bad_file_is_refused_in_danish_and_changes_nothing(client, staff_user, data, message):
    client.force_login(staff_user)
    before = snapshot()
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert snapshot() == before
