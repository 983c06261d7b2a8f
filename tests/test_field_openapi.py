"""schemathesis over /openapi.json: no 5xx, no response that breaks its documented schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance


@pytest.fixture
def field_openapi(field_server: tuple[str, dict[str, dict[str, str]]]) -> schemathesis.BaseSchema:
    base, _ = field_server
    return schemathesis.from_uri(f"{base}/openapi.json", base_url=base)


# FastAPI writes OpenAPI 3.1, which schemathesis 3 supports behind this switch.
schemathesis.experimental.OPEN_API_3_1.enable()
schema = schemathesis.from_pytest_fixture("field_openapi")


@schema.parametrize()
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(
    case: schemathesis.Case, field_server: tuple[str, dict[str, dict[str, str]]]
) -> None:
    _, headers = field_server
    # As an admin, so that generated requests get past authentication to the handlers.
    case.call_and_validate(
        headers=headers["admin"], checks=(not_a_server_error, response_schema_conformance)
    )
