"""Property-based API test: schemathesis generates requests from /openapi.json for every
operation, valid ones and ones that break the schema (odd names, wrong types, missing tokens),
over the corpus store, and runs its response checks on every answer: no server error, every
status code, content type and header documented, bodies matching their schemas, requests that
break the schema refused and valid ones accepted.

The only answers allowed to differ from the description are listed in ``ACCEPTED_REFUSALS``,
each for a reason JSON Schema cannot express (README "API conformance")."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation.modes import GenerationMode

from api.app import create_app
from graph.ingest import load_paths
from graph.store import Store

# operation -> the status a schema-valid request may still get, and why
ACCEPTED_REFUSALS = {
    # a query of only stop words or words shorter than three letters has nothing to look for
    "GET /search": 400,
    "GET /pages/search": 400,
    # a string is valid to the schema but need not be SPARQL
    "GET /sparql": 400,
    "POST /sparql": 400,
}
EXAMPLES = 5  # per operation and generation mode: the whole run stays within seconds


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("schemathesis") / "store.db"
    with Store(db) as store:
        load_paths(store, [corpus_dir / "003_7d4caad513cc8324.txt", corpus_dir / "004_ec94a38e20ae1154.txt"])
    return db


@pytest.fixture
def app(db: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    # one app per test: schemathesis' client closes the app's store when the test ends
    # schemathesis addresses the app as "testserver"; a proxy's name is configured the same way
    monkeypatch.setenv("SGRAPH_ALLOWED_HOSTS", "testserver")
    monkeypatch.delenv("SGRAPH_API_TOKEN", raising=False)
    return create_app(db)


def _failures(case: schemathesis.Case) -> tuple[int, list[str]]:
    """The answer's status, and every check that failed on it (less the accepted refusals)."""
    response = case.call()
    try:
        case.validate_response(response)
    except (Failure, FailureGroup) as exc:
        found = list(exc.exceptions) if isinstance(exc, FailureGroup) else [exc]
        label = f"{case.method} {case.operation.path}"
        accepted = ACCEPTED_REFUSALS.get(label) == response.status_code
        return response.status_code, [
            f"{label} {case.query or ''} -> {response.status_code}: {failure.title}"
            for failure in found
            if not (accepted and type(failure).__name__ == "RejectedPositiveData")
        ]
    return response.status_code, []


def test_every_answer_conforms_to_the_openapi_description(app: object) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    failures: list[str] = []
    statuses: set[int] = set()
    for operation in operations:
        # a URL path segment is a string whatever it holds: only queries and bodies can break the schema
        breakable = len(operation.query) > 0 or len(list(operation.body)) > 0
        modes = [GenerationMode.POSITIVE, *([GenerationMode.NEGATIVE] if breakable else [])]
        for mode in modes:

            @given(case=operation.as_strategy(mode))
            @settings(
                max_examples=EXAMPLES,
                phases=[Phase.generate],
                # a hang guard, not a speed target: each request gets far longer than it needs
                deadline=timedelta(seconds=30),
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            def answers(case: schemathesis.Case) -> None:
                status, failed = _failures(case)
                statuses.add(status)
                failures.extend(failed)

            try:
                answers()
            except Unsatisfiable:  # no parameter or body to get wrong: nothing negative to send
                assert mode is GenerationMode.NEGATIVE
    assert sorted(set(failures)) == []
    assert {200, 400, 404, 422} <= statuses  # real answers, not every request refused at the door


def test_the_checks_fail_answers_the_description_does_not_allow(app: object) -> None:
    # real answers of other operations, checked as if /stats or /reviews had given them
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    stats, reviews = schema["/stats"]["GET"].Case(), schema["/reviews"]["GET"].Case()
    missing = schema["/documents/{doc_id}"]["GET"].Case(path_parameters={"doc_id": "no-such-document"})
    document = {"doc_id": "003_7d4caad513cc8324.txt"}
    text = schema["/documents/{doc_id}/text"]["GET"].Case(path_parameters=document)
    for answering, checked_as, title in [
        (missing, stats, "Undocumented status code"),
        (text, stats, "Undocumented Content-Type"),
        (stats, reviews, "Response violates schema"),  # not a page of a list
    ]:
        response = answering.call()
        with pytest.raises((Failure, FailureGroup)) as raised:
            checked_as.validate_response(response)
        assert title in {f.title for f in getattr(raised.value, "exceptions", [raised.value])}
