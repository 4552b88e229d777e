"""The national benchmark's figures as a table: printed after a run, and as the README's Scale
table (each target of issue 14 beside what was measured)."""

from __future__ import annotations

from typing import Any

Results = dict[str, Any]


def rebuild_text(graph: Results) -> str:
    return (
        f"{graph['rebuild_after_change_s']} s ({graph['rebuild_areas_built']} area built, "
        f"{graph['rebuild_areas_reused']} kept; a full build of the same documents "
        f"{graph['full_build_after_change_s']} s)"
    )


def memory_text(memory: Results) -> str:
    """When the server's sampled peak came, and each phase's highest reading."""
    if not memory:
        return "not sampled"
    phases = ", ".join(f"{name} {figures['max_mib']}" for name, figures in memory["by_phase"].items())
    return f"{memory['peak_at_s']} s after start ({memory['peak_phase']}); highest by phase (MiB): {phases}"


def print_table(results: Results) -> None:
    load, graph, server = results["load"], results["graph"], results["server"]
    rows = [
        ("corpus", f"{results['areas']} areas, {load['documents']} documents, {load['megabytes']} MB"),
        ("read the bytes", f"{load['read_bytes_s']} s"),
        (
            "load",
            f"{load['load_s']} s ({load['documents_per_s']} documents/s, {load['megabytes_per_s']} MB/s)",
        ),
        ("load again, unchanged", f"{load['reload_unchanged_s']} s {load['reload_statuses']}"),
        ("graph", f"{graph['nodes']} nodes, {graph['edges']} edges"),
        ("graph build (and keep)", f"{graph['build_and_keep_s']} s"),
        ("rebuild after one plan changes", rebuild_text(graph)),
        ("read kept graph", f"{graph['read_kept_graph_s']} s"),
        (
            "shared answers (made, kept)",
            f"{graph['warm_answers_s']} s, {graph.get('make_and_keep_answers_s')} s (as a load keeps them)",
        ),
        ("server /health, graph ready", f"{server['health_s']} s, {server['graph_ready_s']} s"),
        ("sgraph --help", f"{results['help_s']} s"),
        ("peak RSS bench / server", f"{results['bench_peak_rss_mib']} / {server.get('peak_rss_mib')} MiB"),
        ("server RSS peak came", memory_text(server.get("memory", {}))),
    ]
    for name, figures in results["queries_in_process"].items():
        rows.append((f"in-process {name}", f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms"))
    for name, figures in results["http"].items():
        rows.append(
            (
                f"HTTP x{results['clients']} {name}",
                f"p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, {figures['errors']} errors",
            )
        )
    during = results["readers_during_load"]
    rows.append(
        (
            "readers during a load",
            f"worst p95 {during['worst_endpoint_p95_ms']} ms, {during['errors']} errors "
            f"({during.get('gone_since', 0)} answers 404 for an argument gone in the new revision), "
            f"answers by revision {during['answers_by_revision']}, "
            f"new revision served {during['new_revision_served_after_load_s']} s after the load",
        )
    )
    for size, figures in results["maps"].items():
        rows.append((f"map {size} nodes", f"select {figures['select_s']} s, render {figures['render_s']} s"))
    width = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def markdown_table(results: Results) -> str:
    """The README's Scale table: each target of issue 14 beside what was measured."""
    load, graph, server = results["load"], results["graph"], results["server"]
    in_process = results["queries_in_process"]
    http = {k: v for k, v in results["http"].items() if k != "GET /health (probe)"}
    queries_http = {k: v for k, v in http.items() if k.startswith("GET ")}
    pages_http = {k: v for k, v in http.items() if not k.startswith("GET ")}

    def worst(figures: dict[str, Any]) -> str:
        name, value = max(figures.items(), key=lambda p: p[1]["p95_ms"])
        return f"{value['p95_ms']:.0f} ms ({name})"

    errors = sum(v["errors"] for v in http.values())
    during = results["readers_during_load"]
    maps_row = ", ".join(f"{n}: {m['select_s'] + m['render_s']:.1f} s" for n, m in results["maps"].items())
    rows = [
        (
            "corpus",
            "150 areas, ~340 documents",
            f"{results['areas']} areas, {load['documents']} documents, {load['megabytes']} MB; "
            f"{graph['nodes']:,} nodes, {graph['edges']:,} edges",
        ),
        (
            "load (as `sgraph load`: read, store, keep the graph and its answers)",
            "<= 60 s",
            f"{load['load_s']} s ({load['read_and_store_s']} s reading and storing, "
            f"{load['keep_graph_and_answers_s']} s keeping; {load['documents_per_s']} documents/s, "
            f"{load['megabytes_per_s']} MB/s; reading the bytes alone {load['read_bytes_s']} s)",
        ),
        ("load again, unchanged", "files skipped", f"{load['reload_unchanged_s']} s"),
        ("graph build, all areas", "", f"{graph['build_and_keep_s']} s"),
        ("graph rebuild after one plan changes", "only what it touches", rebuild_text(graph)),
        (
            "graph ready after server start",
            "<= 3 s",
            f"{server['graph_ready_s']} s (/health {server['health_s']} s; kept graph read in "
            f"{graph['read_kept_graph_s']} s)",
        ),
        ("query p95 in-process (worst)", "<= 100 ms", worst(in_process)),
        (f"query p95 over HTTP, {results['clients']} clients (worst)", "<= 300 ms", worst(queries_http)),
        (f"page and map p95, {results['clients']} clients (worst)", "<= 500 ms", worst(pages_http)),
        ("/health p95 under that load", "< 100 ms", f"{results['http']['GET /health (probe)']['p95_ms']} ms"),
        ("errors under load", "0", str(errors)),
        (
            "readers during a load of 40 documents",
            "p95 <= 500 ms, 0 errors",
            f"worst p95 {during['worst_endpoint_p95_ms']} ms, {during['errors']} errors; its revision "
            f"served {during['new_revision_served_after_load_s']} s after the load ended",
        ),
        ("maps (select + render)", "", maps_row),
        ("sgraph --help", "<= 0.3 s", f"{results['help_s']} s"),
        (
            "peak RSS (server / benchmark)",
            "<= 1.5 GB",
            f"{server.get('peak_rss_mib')} MiB / {results['bench_peak_rss_mib']} MiB",
        ),
    ]
    lines = ["| measure | target | measured |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)
