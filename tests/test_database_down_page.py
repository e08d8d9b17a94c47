"""The Danish 503 page while the database is down (kkr/middleware.py): after a GET nothing is lost, but a
form just sent was not saved, and the page must say so and ask the user to send it again. The same under a
real gunicorn: tests/faults/test_database.py."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory

from kkr.middleware import DatabaseUnavailableMiddleware, database_unavailable_or_500

NOT_SAVED = "Det, du lige har sendt, er ikke gemt"


def database_down(request):
    raise OperationalError("connection refused")


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_after_a_sent_form_the_503_page_says_it_was_not_saved_and_to_send_it_again(method):
    request = getattr(RequestFactory(), method)("/kkr/nordjylland/moeder/1/", {"title": "Nyt punkt"})
    response = DatabaseUnavailableMiddleware(database_down)(request)
    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert NOT_SAVED in body and "send det igen" in body
    assert "intet af det, du har gemt, er gået tabt" not in body


def test_after_a_get_the_503_page_says_nothing_saved_is_lost():
    request = RequestFactory().get("/kkr/nordjylland/moeder/")
    response = DatabaseUnavailableMiddleware(database_down)(request)
    body = response.content.decode()
    assert response.status_code == 503 and "intet af det, du har gemt, er gået tabt" in body
    assert NOT_SAVED not in body


def test_a_database_error_raised_in_a_middleware_after_a_post_says_the_form_was_not_saved():
    request = RequestFactory().post("/konto/login/", {"username": "x"})
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = database_unavailable_or_500(request)
    assert response.status_code == 503 and NOT_SAVED in response.content.decode()
