"""schemathesis over every operation of the open-data API (docs/api.md), through Django's WSGI handler with its
middleware: no server error, and every answer's status, content type, headers and body conform to the OpenAPI
document. Bounded: a few dozen generated requests per operation."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from api.views import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
APP = get_wsgi_application()


def test_the_openapi_document_has_every_operation_of_the_api():
    assert len(list(schema.get_all_operations())) == 9


@pytest.fixture
def test_transaction_kept():
    """The WSGI handler closes the database connection after each request (``close_old_connections``), which on
    PostgreSQL would end the test's transaction; Django's test client turns that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_without_server_error_and_as_its_schema_says(case, sent, other, test_transaction_kept):
    case.call_and_validate(app=APP)
