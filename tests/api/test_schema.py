"""schemathesis over every operation of the open-data API (docs/api.md), through Django's WSGI handler with its
middleware: no server error, and every answer's status, content type, headers and body conform to the OpenAPI
document. Bounded: a few dozen generated requests per operation."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings

from api.views import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
APP = get_wsgi_application()


def test_the_openapi_document_has_every_operation_of_the_api():
    assert len(list(schema.get_all_operations())) == 6


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_without_server_error_and_as_its_schema_says(case, sent, other):
    case.call_and_validate(app=APP)
