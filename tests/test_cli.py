"""The ``sgraph`` command line: exit codes and messages, in process and as a real subprocess."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from api.cli import main
from loaders.extract import extract_file

REPORT = "004_ec94a38e20ae1154.txt"
WIDE = {"COLUMNS": "250"}  # rich tables fold long cells at the default 80 columns
COMMANDS = ["load", "extract", "documents", "stats", "serve"]


def sgraph(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], env=WIDE)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def report(tmp_path: Path, corpus_dir: Path) -> Path:
    copy = tmp_path / "in" / REPORT
    copy.parent.mkdir()
    shutil.copy(corpus_dir / REPORT, copy)
    return copy


def test_load_then_load_again_is_unchanged_and_documents_lists_it(db: Path, report: Path) -> None:
    first = sgraph("load", report, "--db", db)
    again = sgraph("load", report, "--db", db)
    listing = sgraph("documents", "--db", db)
    history = sgraph("documents", "--db", db, "--history", REPORT)
    assert first.exit_code == 0, first.output
    assert "loaded" in first.stdout and "1 loaded" in first.stdout
    assert again.exit_code == 0
    assert "1 unchanged" in again.stdout
    assert listing.exit_code == 0 and REPORT in listing.stdout
    assert history.exit_code == 0 and "Versions of" in history.stdout and "yes" in history.stdout


def test_a_missing_path_fails_with_its_name_while_the_good_file_is_stored(
    db: Path, report: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere.txt"
    result = sgraph("load", report, missing, "--db", db)
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stdout and "no such file or folder" in result.stdout
    assert "1 of 2 file(s) failed" in result.stderr
    assert REPORT in sgraph("documents", "--db", db).stdout


def test_empty_and_binary_files_fail_with_their_reasons(db: Path, tmp_path: Path) -> None:
    empty, binary = tmp_path / "empty.txt", tmp_path / "scan.txt"
    empty.write_bytes(b"")
    binary.write_bytes(b"\x00\x01\x02\xff" * 500)
    result = sgraph("load", empty, binary, "--db", db)
    assert result.exit_code == 1
    assert "empty" in result.stdout and "binary" in result.stdout
    assert "2 failed" in result.stdout


def test_verbose_load_lists_warnings(db: Path, tmp_path: Path) -> None:
    messy = tmp_path / "messy.txt"
    # a plan table whose date cannot be read: extraction keeps it raw and warns
    messy.write_text(
        "Recommendation\tAction\tTimescale\n"
        "1.1 Improve the health passport\tWrite a new passport\tsometime after the summer\n",
        encoding="utf-8",
    )
    result = sgraph("load", "-v", messy, "--db", db)
    assert result.exit_code == 0, result.output
    stored = sgraph("documents", "--db", db)
    warnings = json.loads(sgraph("extract", "--json", messy).stdout)["warnings"]
    assert warnings, "an unreadable timescale is expected to give a warning"
    for warning in warnings:
        assert warning in result.stdout
    assert stored.exit_code == 0 and "messy.txt" in stored.stdout


def test_file_names_print_as_written_even_with_brackets(db: Path, tmp_path: Path, report: Path) -> None:
    odd = tmp_path / "[bold]draft.txt"
    shutil.copy(report, odd)
    result = sgraph("load", odd, "--db", db)
    assert result.exit_code == 0, result.output
    assert "[bold]draft.txt" in result.stdout
    assert "[bold]draft.txt" in sgraph("documents", "--db", db).stdout


def test_unknown_history_names_the_known_documents(db: Path, report: Path) -> None:
    sgraph("load", report, "--db", db)
    result = sgraph("documents", "--db", db, "--history", "other.txt")
    assert result.exit_code == 1
    assert "no document 'other.txt'" in result.stderr and REPORT in result.stderr


def test_reading_commands_refuse_a_missing_or_corrupt_store(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database at all " * 100)
    for args in (["documents"], ["stats"], ["stats", "--json"]):
        result = sgraph(*args, "--db", missing)
        assert result.exit_code == 1 and "no store here yet" in result.stderr
        result = sgraph(*args, "--db", corrupt)
        assert result.exit_code == 1 and str(corrupt) in result.stderr and "not a database" in result.stderr
    assert not missing.exists()


def test_sgraph_db_environment_variable_chooses_the_store(tmp_path: Path, report: Path) -> None:
    db = tmp_path / "from-env.db"
    result = CliRunner().invoke(main, ["load", str(report)], env={**WIDE, "SGRAPH_DB": str(db)})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_extract_json_is_the_extraction_unchanged(corpus_dir: Path) -> None:
    result = sgraph("extract", "--json", corpus_dir / REPORT)
    expected = extract_file(corpus_dir / REPORT).to_json()
    assert result.exit_code == 0
    assert result.stdout == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_extract_without_json_prints_a_readable_summary(corpus_dir: Path) -> None:
    result = sgraph("extract", corpus_dir / REPORT)
    assert result.exit_code == 0
    assert REPORT in result.stdout and "Area" in result.stdout and "Findings" in result.stdout


def test_extract_of_an_unreadable_file_names_it(tmp_path: Path) -> None:
    empty = tmp_path / "blank.txt"
    empty.write_bytes(b"")
    result = sgraph("extract", empty)
    assert result.exit_code == 1
    assert "blank.txt" in result.stderr and "empty" in result.stderr


def test_stats_json_counts_the_loaded_documents(db: Path, report: Path) -> None:
    sgraph("load", report, "--db", db)
    result = sgraph("stats", "--json", "--db", db)
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["documents"] == 1
    assert stats["nodes"] == sum(stats["nodes_by_type"].values())
    assert stats["edges"] == sum(stats["edges_by_type"].values())


def test_loading_the_corpus_shows_its_four_areas_and_four_reviews(db: Path, corpus_dir: Path) -> None:
    # the acceptance: the two Lancashire documents describe one review
    loaded = sgraph("load", corpus_dir, "--db", db)
    result = sgraph("stats", "--json", "--db", db)
    assert loaded.exit_code == 0, loaded.output
    stats = json.loads(result.stdout)
    assert stats["documents"] == 5
    assert (stats["areas"], stats["reviews"]) == (4, 4), stats
    readable = sgraph("stats", "--db", db).stdout
    assert any(line.startswith("Areas") and " 4 " in line for line in readable.splitlines()), readable
    assert any(line.startswith("Reviews") and " 4 " in line for line in readable.splitlines()), readable


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself_and_takes_db(command: str) -> None:
    result = sgraph(command, "--help")
    assert result.exit_code == 0
    assert "--db" in result.stdout and "SGRAPH_DB" in result.stdout
    assert len(result.stdout.splitlines()) > 5


def test_top_level_help_lists_the_commands() -> None:
    result = sgraph("--help")
    assert result.exit_code == 0
    for command in [*COMMANDS, "query", "search", "map", "plot"]:
        assert command in result.stdout


def installed_sgraph() -> Path:
    """The console script installed beside the Python running the tests (the project's .venv)."""
    script = Path(sys.executable).parent / "sgraph"
    if not script.exists():
        pytest.fail(f"the sgraph console script is expected at {script} (pip install -e .)")
    return script


def test_the_installed_command_reports_bad_files_and_reloads_as_unchanged(
    tmp_path: Path, report: Path
) -> None:
    db = tmp_path / "real.db"
    empty, binary = tmp_path / "empty.txt", tmp_path / "binary.txt"
    empty.write_bytes(b"")
    binary.write_bytes(bytes(range(256)) * 8)
    env = {**os.environ, **WIDE, "SGRAPH_DB": str(db)}

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [installed_sgraph(), *map(str, args)], env=env, capture_output=True, text=True, timeout=300
        )

    bad = run("load", report, empty, binary, tmp_path / "absent.txt")
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "3 of 4 file(s) failed" in bad.stderr
    for name, reason in (("empty.txt", "empty"), ("binary.txt", "binary"), ("absent.txt", "no such file")):
        line = next(line for line in bad.stdout.splitlines() if name in line)
        assert "failed" in line and reason in line
    again = run("load", report)
    assert again.returncode == 0 and "1 unchanged" in again.stdout
    stats = run("stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["documents"] == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_serve_refuses_a_port_another_server_listens_on(tmp_path: Path) -> None:
    """The HTTP server listens with SO_REUSEPORT, beside which a second server would start and
    share the requests; ``serve`` names the port and exits instead. The other server here listens
    with SO_REUSEPORT too, as a second ``sgraph serve`` would."""
    with socket.socket() as other:
        other.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = sgraph("serve", "--port", str(port), "--db", tmp_path / "empty.db")
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: Address already in use" in result.output
    assert "--port" in result.output
    assert not (tmp_path / "empty.db").exists()  # refused before the store is created


@pytest.mark.parametrize("access_log", [False, True])
def test_serve_answers_health_and_stats_on_loopback(tmp_path: Path, report: Path, access_log: bool) -> None:
    """...and prints a line per request only when asked to (``--access-log``)."""
    db = tmp_path / "served.db"
    assert sgraph("load", report, "--db", db).exit_code == 0
    port = free_port()
    server = subprocess.Popen(
        [installed_sgraph(), "serve", "--port", str(port), "--db", str(db), *(["--access-log"] * access_log)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=5)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        stats = httpx.get(f"{base}/stats", timeout=30)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert health.status_code == 200, output
    assert stats.status_code == 200, output
    assert stats.json()["documents"] == 1
    assert ('"GET /stats HTTP/1.1" 200' in output) is access_log, output
