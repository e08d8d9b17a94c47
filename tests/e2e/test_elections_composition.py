"""In a real browser: staff import a municipal election's results, see the composition table, download its PDF."""

import pytest

from tests.e2e.conftest import log_in
from tests.elections.test_import import results_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_import_results_see_the_composition_and_download_its_pdf(page, live_server, staff_user, nordjylland):
    log_in(page, live_server, staff_user.username)
    page.wait_for_url("**/kkr/nordjylland/sekretariat/")
    page.goto(f"{live_server.url}/kkr/nordjylland/sekretariat/sammensaetning/2026-2030/")
    page.get_by_role("link", name="Indlæs valgresultat").click()

    csv = results_csv(nordjylland).encode("utf-8")
    page.get_by_label("CSV-fil med valgresultatet").set_input_files(
        {"name": "kv25.csv", "mimeType": "text/csv", "buffer": csv}
    )
    page.get_by_role("button", name="Gennemse filen").click()
    assert page.get_by_text("Ingen fejl: 33 rækker er klar til at blive indlæst.").is_visible()
    page.get_by_role("button", name="Indlæs resultatet").click()

    page.wait_for_url("**/sammensaetning/2026-2030/")
    assert page.get_by_text("Valgresultatet for KKR Nordjylland er indlæst.").is_visible()
    table = page.get_by_role("table").first
    assert "Beregning af KKR Nordjyllands sammensætning 2026-2030" in table.inner_text()
    venstre = table.get_by_role("row").filter(has_text="Venstre")
    assert "B1 1.1" in venstre.inner_text()

    page.get_by_role("button", name="Dan beregningen som PDF").click()  # the worker renders it (here in-process)
    page.wait_for_url("**/sammensaetning/2026-2030/pdf/*/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Hent PDF'en").click()
    download = download_info.value
    assert download.suggested_filename == "sammensaetning-nordjylland-2026-2030.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
