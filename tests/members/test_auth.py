"""Login, logout and password reset, in Danish."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


def test_the_login_page_is_danish(client):
    page = client.get("/konto/login/").content.decode()
    assert "Log ind" in page and 'lang="da"' in page


def test_a_wrong_password_gets_a_danish_message_and_no_session(client, staff_user):
    response = client.post("/konto/login/", {"username": staff_user.username, "password": "forkert"})
    assert response.status_code == 200
    assert "korrekt brugernavn og adgangskode" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_log_in_and_land_on_their_dashboard(client, staff_user):
    response = client.post(
        "/konto/login/", {"username": staff_user.username, "password": "hemmelig-kode-42"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/kkr/nordjylland/sekretariat/"


def test_logout_needs_post(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/konto/logout/").status_code == 405
    assert client.post("/konto/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_danish_email_with_a_link(client, staff_user):
    client.post("/konto/password_reset/", {"email": staff_user.email})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nulstil din adgangskode til KKR-sekretariat"
    assert "/konto/reset/" in mail.outbox[0].body
