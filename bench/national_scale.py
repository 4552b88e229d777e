"""National scale in one run: load, graph, server start, every query and page, maps, memory.

Writes the invented national corpus of :mod:`national_corpus` (``--areas``, default 150: about 340
documents), then measures, on this machine:

- load: ``sgraph load``'s code on the folder (documents/s, MB/s) beside the time to just read
  the same bytes, and loading the unchanged folder again;
- graph: the build (kept in the store) and reading the kept graph back, as a server start does;
- server: ``sgraph serve`` started on the loaded store, seconds until /health answers and until
  the graph answers (/stats);
- every query in-process (p50/p95 over ``--repeat`` calls with varied arguments, after the first
  call of each, which is timed apart as "first");
- every JSON endpoint, web page and map over HTTP with ``--clients`` concurrent clients on
  loopback for ``--seconds`` (p50/p95 per endpoint, errors), with /health probed meanwhile;
- readers during a load: the same clients while ``sgraph load`` adds 40 documents, and until the
  server answers from the load's revision (how long after the load that took);
- map generation (select + render) for 500, 2,000 and 5,000 nodes;
- ``sgraph --help``; peak resident memory of this process and of the server, and the server's
  resident memory over the run (:mod:`server_memory`: when its peak came, in which phase).

Figures go to ``bench/results.json`` (or ``--out``) and are printed as a table.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from national_corpus import write_corpus
from national_load import measure_graph, measure_load, timed
from national_report import markdown_table, print_table
from server_memory import MemoryTrace, rss_mib

from graph import queries
from graph.model import NodeType
from graph.queries.walk import label, nodes_of
from graph.store import Store
from visualisations import map_page, maps

BIN = Path(sys.executable).parent
Results = dict[str, Any]


def percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}


# --- queries in-process ----------------------------------------------------------------------


def query_calls(g: Any, rng: random.Random) -> dict[str, Callable[[], Any]]:
    orgs = nodes_of(g, NodeType.ORGANISATION)
    areas = [label(g, a) for a in nodes_of(g, NodeType.AREA)]
    recs = nodes_of(g, NodeType.RECOMMENDATION)
    words = ["health assessments", "training", "emergency department", "supervision", "care leavers"]
    return {
        "shared-accountability (page)": lambda: [
            r.to_json()
            for r in map(
                lambda n: queries.accountability.recommendation_details(g, n),
                queries.accountability.shared_recommendations(g)[:50],
            )
        ],
        "shared-accountability --area": lambda: queries.shared_accountability(g, area=rng.choice(areas)),
        "shared-accountability --org": lambda: queries.shared_accountability(g, org=rng.choice(orgs)),
        "co-accountability": lambda: queries.co_accountability(g),
        "themes": lambda: queries.recurring_themes(g, min_areas=2),
        "similar": lambda: queries.similar_items(g),
        "similar --like": lambda: queries.like_recommendation(g, rng.choice(recs)),
        "search": lambda: queries.search(g, rng.choice(words)),
        "search --area": lambda: queries.search(g, rng.choice(words), area=rng.choice(areas)),
        "dependencies": lambda: queries.dependencies(g, rng.choice(orgs)),
        "path": lambda: queries.path_between(g, rng.choice(orgs), rng.choice(orgs)),
        "gaps": lambda: queries.gaps(g),
        "organisation profile": lambda: queries.organisation_profile(g, rng.choice(orgs)),
    }


def measure_queries(g: Any, repeat: int, rng: random.Random) -> Results:
    found: Results = {}
    for name, call in query_calls(g, rng).items():
        first, _ = timed(call)
        times = [timed(call)[0] for _ in range(repeat)]
        found[name] = {"first_ms": round(first * 1000, 1), **percentiles(times)}
    return found


def measure_maps(g: Any) -> Results:
    # the accountability facts in graph order, as an organisation or review map selects them
    drawn = {
        t.value for t in (NodeType.RECOMMENDATION, NodeType.ACTION, NodeType.ORGANISATION, NodeType.ROLE)
    }
    facts = [n for n, t in g.nodes(data="type") if t in drawn]
    found: Results = {}
    for size in (500, 2000, 5000):
        started = time.perf_counter()
        network = maps._subgraph_map(g, "bench", "bench", facts[:size], [], size)
        selected = time.perf_counter()
        html = map_page.render_map(network)
        build_s, render_s = selected - started, time.perf_counter() - selected
        found[str(size)] = {
            "nodes": len(network.nodes),
            "edges": len(network.edges),
            "select_s": round(build_s, 2),
            "render_s": round(render_s, 2),
            "html_mb": round(len(html) / 1e6, 1),
        }
    return found


# --- the server over HTTP --------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def get(url: str, timeout: float = 60.0) -> tuple[int, float]:
    status, took, _revision = get_with_revision(url, timeout)
    return status, took


def get_with_revision(url: str, timeout: float = 60.0) -> tuple[int, float, str | None]:
    """Status, seconds, and the graph revision the server says the answer is from."""
    started = time.perf_counter()
    revision = None
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            response.read()
            status = response.status
            revision = response.headers.get("X-Graph-Revision")
    except urllib.error.HTTPError as exc:
        status = exc.code
        revision = exc.headers.get("X-Graph-Revision")
    except (urllib.error.URLError, OSError):
        status = 0
    return status, time.perf_counter() - started, revision


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str, Results, MemoryTrace]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(BIN / "sgraph"), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    memory = MemoryTrace(server.pid)
    health = ready = None
    while time.perf_counter() - started < 120:
        if health is None and get(base + "/health", 1)[0] == 200:
            health = time.perf_counter() - started
        if health is not None and get(base + "/stats", 60)[0] == 200:
            ready = time.perf_counter() - started
            break
        time.sleep(0.02)
    return server, base, {"health_s": _round(health, 2), "graph_ready_s": _round(ready, 2)}, memory


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def endpoints(g: Any, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Endpoint name -> a function giving one URL path for it (arguments varied)."""
    from api.views import key_of

    orgs = [key_of(o) for o in nodes_of(g, NodeType.ORGANISATION)]
    rec_ids = nodes_of(g, NodeType.RECOMMENDATION)  # /queries/like takes the node id
    recs = [key_of(r) for r in rec_ids]
    reviews = [key_of(r) for r in nodes_of(g, NodeType.REVIEW)]
    themes = [key_of(t) for t in nodes_of(g, NodeType.THEME)]
    words = ["health assessments", "training", "emergency department", "supervision"]

    def q(path: str, **params: str) -> str:
        return path + ("?" + urllib.parse.urlencode(params) if params else "")

    def pick(items: list[str]) -> str:
        return urllib.parse.quote(rng.choice(items), safe="")

    return {
        "GET /stats": lambda: "/stats",
        "GET /organisations": lambda: "/organisations",
        "GET /organisations/{name}": lambda: f"/organisations/{pick(orgs)}",
        "GET /recommendations": lambda: "/recommendations",
        "GET /recommendations/{id}": lambda: f"/recommendations/{pick(recs)}",
        "GET /reviews": lambda: "/reviews",
        "GET /themes": lambda: "/themes",
        "GET /documents": lambda: "/documents",
        "GET /queries/shared-accountability": lambda: "/queries/shared-accountability",
        "GET /queries/co-accountability": lambda: "/queries/co-accountability",
        "GET /queries/themes": lambda: "/queries/themes",
        "GET /queries/similar": lambda: "/queries/similar",
        "GET /queries/like/{rec}": lambda: f"/queries/like/{pick(rec_ids)}",
        "GET /queries/dependencies": lambda: q("/queries/dependencies", org=rng.choice(orgs)),
        "GET /queries/path": lambda: q("/queries/path", **{"from": rng.choice(orgs), "to": rng.choice(orgs)}),
        "GET /queries/gaps": lambda: "/queries/gaps",
        "GET /queries/org/{name}": lambda: f"/queries/org/{pick(orgs)}",
        "GET /search": lambda: q("/search", q=rng.choice(words)),
        "page /": lambda: "/",
        "page /pages/organisations": lambda: "/pages/organisations",
        "page /pages/organisations/{name}": lambda: f"/pages/organisations/{pick(orgs)}",
        "page /pages/themes": lambda: "/pages/themes",
        "page /pages/themes/{id}": lambda: f"/pages/themes/{pick(themes)}",
        "page /pages/reviews": lambda: "/pages/reviews",
        "page /pages/reviews/{id}": lambda: f"/pages/reviews/{pick(reviews)}",
        "page /pages/recommendations/{id}": lambda: f"/pages/recommendations/{pick(recs)}",
        "page /pages/search": lambda: q("/pages/search", q=rng.choice(words)),
        "page /pages/documents": lambda: "/pages/documents",
        "map /maps/co-accountability": lambda: "/maps/co-accountability",
        "map /maps/organisations/{name}": lambda: f"/maps/organisations/{pick(orgs)}",
    }


def hammer(
    base: str,
    urls: dict[str, Callable[[], str]],
    clients: int,
    done: Callable[[], bool],
    arguments_of: str | None = None,
) -> Results:
    """``clients`` threads request the endpoints in turn until ``done()``; /health probed meanwhile.

    The arguments are those of revision ``arguments_of``: a 404 from a later revision (a
    recommendation a later review renumbered) is counted as gone since, not as an error."""
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    gone: dict[str, int] = defaultdict(int)
    revisions: dict[str | None, int] = defaultdict(int)
    health: list[float] = []
    lock = threading.Lock()
    names = list(urls)

    def client(number: int) -> None:
        turn = number
        while not done():
            name = names[turn % len(names)]
            turn += 1
            status, took, revision = get_with_revision(base + urls[name]())
            with lock:
                latencies[name].append(took)
                revisions[revision] += 1
                if status == 404 and arguments_of is not None and revision != arguments_of:
                    gone[name] += 1
                elif status != 200:
                    errors[name] += 1

    def probe() -> None:
        while not done():
            status, took = get(base + "/health", 30)
            health.append(took if status == 200 else float("inf"))
            time.sleep(0.1)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    threads.append(threading.Thread(target=probe))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found: Results = {
        name: {
            "requests": len(latencies[name]),
            "errors": errors[name],
            **({"gone since": gone[name]} if gone[name] else {}),
            **percentiles(latencies[name]),
        }
        for name in names
        if latencies[name]
    }
    found["GET /health (probe)"] = {"requests": len(health), "errors": 0, **percentiles(health)}
    # every answer says which graph revision it is from (X-Graph-Revision): how many each
    found["answers by revision"] = {str(k): v for k, v in sorted(revisions.items(), key=str)}
    return found


# how long readers wait for the loaded revision to be served, and read on after it
SWITCH_WAIT_S = 120.0
AFTER_SWITCH_S = 3.0
# the server's memory read on this long once the readers have stopped
IDLE_AFTER_S = 3.0


def readers_during_load(
    base: str, db: Path, folder: Path, urls: dict[str, Callable[[], str]], clients: int, memory: MemoryTrace
) -> Results:
    """The clients read while ``sgraph load`` adds ``folder``'s documents to the served store, and
    on until the server answers from the revision the load left (so the switch is measured too)."""
    before = get_with_revision(base + "/stats")[2]
    memory.phase("readers during a load")
    loader = subprocess.Popen(
        [str(BIN / "sgraph"), "load", str(folder), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    started = time.perf_counter()
    switched: list[float] = []  # seconds from the load's end to the first answer of the revision it left

    def watch() -> None:
        loader.wait()
        ended = time.perf_counter()
        memory.phase("load ended, old revision served")
        with Store(db) as store:  # the revision the load left (a server may serve ones before it)
            left = str(store.state())
        while time.perf_counter() - ended < SWITCH_WAIT_S:
            if get_with_revision(base + "/stats")[2] == left:
                switched.append(time.perf_counter() - ended)
                memory.phase("new revision served")
                time.sleep(AFTER_SWITCH_S)  # readers go on a little on the new revision
                return
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    reads = hammer(base, urls, clients, lambda: not watcher.is_alive(), arguments_of=before)
    load_s = time.perf_counter() - started
    by_revision = reads.pop("answers by revision")
    all_times = [v["p95_ms"] for v in reads.values()]
    return {
        "documents_loaded": len(list(folder.iterdir())),
        "load_s": round(load_s, 1),
        "new_revision_served_after_load_s": round(switched[0], 2) if switched else None,
        "worst_endpoint_p95_ms": max(all_times) if all_times else None,
        "errors": sum(v["errors"] for v in reads.values()),
        "gone_since": sum(v.get("gone since", 0) for v in reads.values()),
        "answers_by_revision": by_revision,
        "endpoints": reads,
    }


def peak_rss_mib(pid: int | None = None) -> float:
    if pid is None:
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return rss_mib(pid, "VmHWM")


def help_time() -> float:
    runs = []
    for _ in range(3):
        took, _ = timed(
            lambda: subprocess.run([str(BIN / "sgraph"), "--help"], capture_output=True, check=True)
        )
        runs.append(took)
    return round(min(runs), 3)


# --- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=int(os.environ.get("BENCH_AREAS", 150)))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=20, help="in-process calls per query")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30, help="length of the HTTP run")
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    results: Results = {
        "areas": args.areas,
        "seed": args.seed,
        "cpus": os.cpu_count(),
        "clients": args.clients,
    }
    with tempfile.TemporaryDirectory(prefix="sgraph-national-") as work:
        folder, later, db = Path(work) / "corpus", Path(work) / "later", Path(work) / "national.db"
        write_corpus(folder, args.areas, args.seed)
        write_corpus(later, 20, args.seed + 1)  # a later batch: loaded while the server is read
        results["load"] = measure_load(folder, db)
        results["graph"], g = measure_graph(db)
        # the clients run in this process beside a national graph: frozen, its ~1.5 million objects
        # are not walked by this process's full collections, which would stop every client thread
        # and be counted as the server's latency
        gc.collect()
        gc.freeze()
        results["queries_in_process"] = measure_queries(g, args.repeat, rng)
        results["maps"] = measure_maps(g)
        server, base, results["server"], memory = start_server(db)
        try:
            urls = endpoints(g, rng)
            memory.phase("every endpoint once")
            for path in {u() for u in urls.values()}:  # every endpoint once before timing
                get(base + path)
            memory.phase("HTTP mix")
            stop = time.perf_counter() + args.seconds
            results["http"] = hammer(base, urls, args.clients, lambda: time.perf_counter() > stop)
            results["http_answers_by_revision"] = results["http"].pop("answers by revision")
            results["readers_during_load"] = readers_during_load(base, db, later, urls, args.clients, memory)
            memory.phase("idle after the switch")  # the old revision let go
            time.sleep(IDLE_AFTER_S)
            results["server"]["peak_rss_mib"] = peak_rss_mib(server.pid)
            results["server"]["memory"] = memory.results()
        finally:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(later, ignore_errors=True)
    results["help_s"] = help_time()
    results["bench_peak_rss_mib"] = peak_rss_mib()
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nfigures written to {args.out}; as the README's Scale table:\n")
    print(markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
