"""The SQLite store: one transaction per document, idempotent reloads, version history, clear errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from graph_support import hand_written

from graph.store import APPLICATION_ID, MIGRATIONS, Store, StoreError, UnknownDocument
from loaders.records import ActionRecord, Extraction, RecommendationRecord, ThemeMatch

REPO = Path(__file__).resolve().parents[1]


@hand_written
def plan(area: str, *, lead: str = "Designated Nurse", warnings: tuple[str, ...] = ()) -> Extraction:
    """A small action plan written for these tests."""
    action = ActionRecord(text="Audit the quality of referral letters every quarter", lead=lead)
    recommendation = RecommendationRecord(
        id="3.2",
        text="Make sure referral letters say what the worry is",
        addressed_to=["Riverside CCG", "Riverside Hospitals NHS Trust"],
        actions=[action],
        themes=[ThemeMatch(theme="referrals-social-care", evidence=["referral"])],
    )
    return Extraction(file="plan.txt", area=area, recommendations=[recommendation], warnings=list(warnings))


def dump(db: Path) -> list[str]:
    """Everything in the file, as SQL, to compare before and after."""
    with closing(sqlite3.connect(db)) as conn:
        return list(conn.iterdump())


def execute(db: Path, sql: str) -> list[tuple[object, ...]]:
    """Run one statement on the file from outside the store, as another program would."""
    with closing(sqlite3.connect(db)) as conn, conn:
        return conn.execute(sql).fetchall()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


def test_a_put_document_reads_back_with_its_extraction_and_content(db: Path) -> None:
    with Store(db) as store:
        outcome = store.put("folder/plan.txt", b"first quarter", plan("Riverside", warnings=("odd date",)))
        [doc] = store.documents()
        content = store.content("plan.txt")
    assert (outcome.status, outcome.version, outcome.document_id) == ("loaded", 1, "plan.txt")
    assert outcome.warnings == ("odd date",)
    assert doc.id == doc.file_name == "plan.txt"
    assert doc.size == len(b"first quarter")
    assert doc.extraction == plan("Riverside", warnings=("odd date",))
    assert content == b"first quarter"


def test_identical_content_again_is_a_no_op(db: Path) -> None:
    with Store(db) as store:
        store.put("plan.txt", b"first quarter", plan("Riverside"))
    before = dump(db)
    with Store(db) as store:
        outcome = store.put("elsewhere/plan.txt", b"first quarter", plan("Riverside"))
        assert len(store.history("plan.txt")) == 1
    assert (outcome.status, outcome.version) == ("unchanged", 1)
    assert dump(db) == before


def test_changed_content_becomes_the_current_version_and_keeps_the_old_one(db: Path) -> None:
    with Store(db) as store:
        store.put("plan.txt", b"first quarter", plan("Riverside", lead="Named GP"))
        outcome = store.put("plan.txt", b"second quarter", plan("Riverside", lead="Head of Midwifery"))
        history = store.history("plan.txt")
        [current] = store.documents()
        assert store.document("plan.txt") == current
        old_content = store.content("plan.txt", version=1)
    assert (outcome.status, outcome.version) == ("new version", 2)
    assert [(v.version, v.current) for v in history] == [(1, False), (2, True)]
    assert history[0].document.extraction.recommendations[0].actions[0].lead == "Named GP"
    assert current.extraction.recommendations[0].actions[0].lead == "Head of Midwifery"
    assert current.sha256 == history[1].document.sha256 != history[0].document.sha256
    assert old_content == b"first quarter"


def test_same_content_read_differently_replaces_the_extraction_without_a_new_version(db: Path) -> None:
    with Store(db) as store:
        store.put("plan.txt", b"first quarter", plan("Riverside", lead="Named GP"))
        outcome = store.put("plan.txt", b"first quarter", plan("Riverside", lead="Named Nurse"))
        history = store.history("plan.txt")
    assert (outcome.status, outcome.version) == ("re-extracted", 1)
    assert len(history) == 1
    assert history[0].document.extraction.recommendations[0].actions[0].lead == "Named Nurse"


def test_a_failure_mid_load_leaves_the_store_exactly_as_before(db: Path) -> None:
    with Store(db) as store:
        store.put("plan.txt", b"first quarter", plan("Riverside"))
    # The failure strikes after the document row has been rewritten and before its version
    # is written, so the transaction has to undo a change it already made.
    execute(
        db,
        "CREATE TRIGGER injected_failure BEFORE INSERT ON versions "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END",
    )
    before = dump(db)
    with Store(db) as store:
        with pytest.raises(sqlite3.DatabaseError, match="injected failure"):
            store.put("plan.txt", b"second quarter", plan("Elsewhere"))
        with pytest.raises(sqlite3.DatabaseError, match="injected failure"):
            store.put("another.txt", b"new document", plan("Elsewhere"))
        [doc] = store.documents()
    assert dump(db) == before
    assert (doc.id, doc.extraction.area, doc.size) == ("plan.txt", "Riverside", len(b"first quarter"))


KILLED_MID_LOAD = """
import sys, time
from graph.store import Store
from loaders.records import Extraction

store = Store(sys.argv[1])

def stop_here():
    print("inside the transaction", flush=True)
    time.sleep(120)

# the trigger the test planted calls this between the document row and the version row
store._conn.create_function("stop_here", 0, stop_here)
store.put("plan.txt", b"second quarter", Extraction(file="plan.txt", area="Elsewhere"))
"""


def test_a_process_killed_mid_load_leaves_the_store_exactly_as_before(db: Path) -> None:
    with Store(db) as store:
        store.put("plan.txt", b"first quarter", plan("Riverside"))
    execute(db, "CREATE TRIGGER pause_load BEFORE INSERT ON versions BEGIN SELECT stop_here(); END")
    before = dump(db)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_MID_LOAD, str(db)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "inside the transaction"
    finally:
        child.kill()
        child.wait(timeout=30)
    assert child.returncode == -9
    assert dump(db) == before
    execute(db, "DROP TRIGGER pause_load")
    with Store(db) as store:
        assert [v.version for v in store.history("plan.txt")] == [1]
        assert store.document("plan.txt").extraction.area == "Riverside"
        # the killed writer's lock is gone: the next load goes through
        assert store.put("plan.txt", b"second quarter", plan("Elsewhere")).status == "new version"


def test_documents_come_in_id_order_whatever_the_load_order(tmp_path: Path) -> None:
    names = ["c-plan.txt", "a-plan.txt", "b-plan.txt"]
    listings = []
    for n, order in enumerate([names, list(reversed(names))]):
        with Store(tmp_path / f"{n}.db") as store:
            for name in order:
                store.put(name, name.encode(), plan(name))
            listings.append([(d.id, d.sha256, d.extraction) for d in store.documents()])
    assert [entry[0] for entry in listings[0]] == ["a-plan.txt", "b-plan.txt", "c-plan.txt"]
    assert listings[0] == listings[1]


def test_unknown_document_is_a_clear_error(db: Path) -> None:
    with Store(db) as store:
        for lookup in (store.history, store.document, store.content):
            with pytest.raises(UnknownDocument, match=r"no document 'missing\.txt'"):
                lookup("missing.txt")


def test_a_file_that_is_not_a_database_is_named_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_bytes(b"these are meeting notes, not a database\n" * 50)
    with pytest.raises(StoreError) as error:
        Store(db)
    assert str(db) in str(error.value)
    assert "not a database" in str(error.value)
    assert db.read_bytes() == b"these are meeting notes, not a database\n" * 50


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    execute(db, "CREATE TABLE contacts (name TEXT)")
    with pytest.raises(StoreError, match="another program"):
        Store(db)
    assert execute(db, "SELECT name FROM sqlite_master") == [("contacts",)]


def test_a_store_from_a_newer_sgraph_is_refused(db: Path) -> None:
    Store(db).close()
    execute(db, f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(StoreError, match="newer sgraph"):
        Store(db)


def test_a_folder_or_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match="no store here yet"):
        Store(missing, create=False)
    assert not missing.exists()


def test_a_new_store_is_wal_with_foreign_keys_and_the_current_schema(db: Path) -> None:
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert store._conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert execute(db, "PRAGMA journal_mode") == [("wal",)]


def test_state_changes_with_every_write_that_changes_documents(db: Path) -> None:
    with Store(db) as writer, Store(db) as reader:
        start = reader.state()
        writer.put("plan.txt", b"first quarter", plan("Riverside"))
        loaded = reader.state()  # another connection's commit is seen
        writer.put("plan.txt", b"first quarter", plan("Riverside"))
        assert reader.state() == loaded  # identical reload: nothing changed
        writer.put("plan.txt", b"first quarter", plan("Riverside", lead="Named Nurse"))
        re_extracted = reader.state()  # same content read differently, rewritten in place
        writer.put("plan.txt", b"second quarter", plan("Riverside"))
        new_version = reader.state()
    assert len({start, loaded, re_extracted, new_version}) == 4


def test_a_store_of_the_first_schema_is_migrated_and_keeps_its_documents(db: Path) -> None:
    extraction = json.dumps(plan("Riverside").to_json())
    with closing(sqlite3.connect(db)) as conn, conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO documents VALUES ('plan.txt', 'plan.txt', 'text', 'abc', 3, 'then', '[]', 1)"
        )
        conn.execute(
            "INSERT INTO versions VALUES ('plan.txt', 1, 'plan.txt', 'text', 'abc', 3, 'then', ?, x'00')",
            (extraction,),
        )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
    with Store(db) as store:
        assert store.schema_version == len(MIGRATIONS)
        assert [d.extraction for d in store.documents()] == [plan("Riverside")]
        before = store.state()
        store.put("plan.txt", b"first quarter", plan("Riverside"))
        assert store.state() != before
