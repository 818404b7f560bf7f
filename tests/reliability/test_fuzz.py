"""Schema fuzzing: schemathesis against the app's own ``/openapi.json``, every operation.

Each operation gets its explicit examples, the coverage phase (boundary and invalid values
of every parameter) and ``MAX_EXAMPLES`` generated cases, valid and invalid (about a
minute in all on two cores), checked for:
no server error, status codes and content types the document declares, bodies and
headers matching the declared schemas, and schema-invalid input refused with a 4xx; and
two checks of ours on every answer: ``nosniff`` and a Content-Security-Policy, and no
stack trace, SQL or file path in an error body.

Schema-valid input may still be a 422 by design: an opaque ``cursor`` this API did not
issue, a ``q`` that is not a query (``OR``), ``date_to`` before ``date_from``,
``max_value`` below ``min_value``. Those 422s are documented on every list, so
``positive_data_acceptance`` accepts them (a 400 or a 5xx still fails it).

Schemathesis judges a negative case by the value it generated, not by what went on the
wire: ``q=[False]`` (an array where a string is declared) is sent as ``q=false``, a valid
string, and a 200 for it is no fault. ``negative_data_rejection`` is therefore re-judged
here on the query string as sent (see :func:`valid_on_the_wire`); any other acceptance of
invalid input still fails.

What the fuzzer found is fixed in the API and kept below as plain regression tests.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection
from schemathesis.config import SchemathesisConfig
from schemathesis.core.failures import AcceptedNegativeData

from app.config import Settings
from app.main import create_app
from tests.api.helpers import assert_problem

MAX_EXAMPLES = 400  # generated cases per operation, on top of its examples and coverage cases
# CI replays the same cases every run (a red build names a bug, not bad luck); a local run
# draws new ones each time.
DERANDOMIZE = bool(os.environ.get("CI"))

CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "404", "422"]}}}
)

# The document comes from an app built without a database (making it queries nothing);
# the cases run against an app serving the bundled corpus.
schema = schemathesis.openapi.from_asgi(
    "/openapi.json", create_app(Settings(database_url="sqlite:////nonexistent/spec-only.db")), config=CONFIG
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_app(request: pytest.FixtureRequest, corpus_url: str) -> Iterator[FastAPI]:
    """The app on the bundled corpus, in SQLite and in PostgreSQL (when a server is configured)."""
    url = corpus_url if request.param == "sqlite" else str(request.getfixturevalue("postgresql_corpus_url"))
    app = create_app(Settings(database_url=url))
    yield app
    app.state.engine.dispose()


def _readings(values: list[str], declared: Any) -> list[Any]:
    """The ways a server may read the raw strings of one query parameter."""

    def scalars(raw: str) -> list[Any]:
        out: list[Any] = [raw]
        for parse in (int, float):
            with contextlib.suppress(ValueError):
                out.append(parse(raw))
        if raw in ("true", "false"):
            out.append(raw == "true")
        return out

    if isinstance(declared, dict) and declared.get("type") == "array":
        per_item = [scalars(v) for v in values]
        return [[r[i] if i < len(r) else r[0] for r in per_item] for i in range(max(map(len, per_item)))]
    return scalars(values[-1])


def valid_on_the_wire(case: Any, response: Any) -> bool:
    """Whether the query string as sent is valid for the operation (strings read as the schema types)."""
    sent = parse_qs(urlsplit(response.request.url).query, keep_blank_values=True)
    for param in case.operation.query:
        values = sent.pop(param.name, None)
        if values is None:
            if param.is_required:
                return False
            continue
        if not any(param.is_valid(reading) for reading in _readings(values, param.definition.get("schema"))):
            return False
    return not sent  # an undeclared parameter makes it invalid


def negative_data_rejection_on_the_wire(ctx: Any, response: Any, case: Any) -> bool | None:
    """``negative_data_rejection``, except for cases whose serialization is valid."""
    try:
        return negative_data_rejection(ctx, response, case)
    except AcceptedNegativeData:
        if valid_on_the_wire(case, response):
            return None
        raise


LEAKS = ("Traceback", 'File "', "sqlite3", "OperationalError", "SELECT ", " FROM ", "/tmp/", "/work/", ".py")


def error_bodies_leak_nothing(_ctx: Any, response: Any, _case: Any) -> None:
    """No stack trace, SQL or file path in an error, unless the request itself sent it."""
    if response.status_code < 400:
        return
    sent = unquote_plus(response.request.url)
    leaked = [marker for marker in LEAKS if marker in response.text and marker not in sent]
    assert not leaked, f"error body leaks {leaked}: {response.text[:300]}"


def hardened_headers(_ctx: Any, response: Any, _case: Any) -> None:
    """Every answer forbids sniffing and carries a Content-Security-Policy."""
    assert response.headers.get("x-content-type-options") == ["nosniff"], response.headers
    assert "default-src 'none'" in response.headers.get("content-security-policy", [""])[0], response.headers


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=DERANDOMIZE)
def test_every_operation_survives_fuzzing(case: Any, fuzz_app: FastAPI) -> None:
    case.call_and_validate(
        app=fuzz_app,
        excluded_checks=[negative_data_rejection],
        additional_checks=[negative_data_rejection_on_the_wire, error_bodies_leak_nothing, hardened_headers],
    )


def test_every_operation_is_fuzzed() -> None:
    """Every operation of the document loads (none is skipped for a schema error)."""
    document = create_app(Settings(database_url="sqlite:////nonexistent/spec-only.db")).openapi()
    declared = {f"{method.upper()} {path}" for path, item in document["paths"].items() for method in item}
    loaded = {f"{op.method.upper()} {op.path}" for op in (result.ok() for result in schema.get_all_operations())}
    assert loaded == declared and len(loaded) >= 19


# ---------------------------------------------------------------- what the fuzzer found


@pytest.fixture(scope="module")
def client(fuzz_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(fuzz_app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        # OverflowError binding a 64-bit overflow: a 500 (offset had no upper bound).
        ("/v1/meetings", {"offset": "9223372036854775808"}, "offset"),
        ("/v1/figures", {"offset": "9223372036854775808"}, "offset"),
        ("/v1/search", {"q": "0", "offset": "9223372036854775808"}, "offset"),
        ("/v1/meetings/2018-02-13-kuwait-city-ministerial/statements", {"offset": "9223372036854775808"}, "offset"),
        ("/v1/statements", {"offset": "100001"}, "offset"),
        # The same overflow through a filter value.
        ("/v1/meetings", {"year": "9223372036854775808"}, "year"),
        ("/v1/meetings", {"year": "0"}, "year"),
        # An empty facet was silently dropped: a schema-invalid value accepted.
        ("/v1/statements", {"facet": ""}, "facet"),
        ("/v1/speakers", {"facet": ""}, "facet"),
        ("/v1/documents", {"facet": "", "id": "null"}, "facet"),
        ("/v1/statements", {"include": ""}, "include"),
        # NUL: FTS5 reads its query as a C string (a 503), LIKE its pattern (``%`` matched all).
        ("/v1/search", {"q": "\x00t", "meeting": "null"}, "q"),
        ("/v1/statements", {"q": "isis\x00"}, "q"),
        ("/v1/speakers", {"q": "\x00"}, "q"),
        ("/v1/figures", {"q": "\x00 x"}, "q"),
        # NUL in any value: PostgreSQL refuses it in a query (a 503 before it was refused here).
        ("/v1/statements", {"kind": "remarks", "meeting": "a\x00b"}, "meeting"),
        ("/v1/figures", {"unit": "\x00"}, "unit"),
        # Not numbers in JSON, so not in the schema either.
        ("/v1/figures", {"min_value": "nan"}, "min_value"),
        ("/v1/figures", {"max_value": "inf"}, "max_value"),
    ],
)
def test_fuzzer_findings_are_422s(client: TestClient, path: str, params: dict[str, Any], parameter: str) -> None:
    assert_problem(client.get(path, params=params), 422, parameter)


@pytest.mark.parametrize(
    "path", ["/v1/statements/x%00", "/v1/speakers/x%00", "/v1/speakers/x%00/statements", "/v1/metrics/x%00/series"]
)
def test_a_nul_in_an_id_is_a_404(client: TestClient, path: str) -> None:
    assert_problem(client.get(path), 404)


def test_the_deepest_offset_still_answers(client: TestClient) -> None:
    response = client.get("/v1/statements", params={"offset": 100_000})
    assert response.status_code == 200 and response.json()["items"] == []
