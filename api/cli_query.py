"""``sgraph query ...``: the questions of graph/queries on the command line (``sgraph search`` is
in api/cli_search.py, the actions tracker in api/cli_actions.py, printing in api/cli_output.py).

Every command prints rich tables by default and JSON with ``--json``. Names users type
(organisations, areas, themes, recommendations) may be canonical names, aliases or initialisms;
an unknown or ambiguous name exits with status 1 and lists the close matches.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.text import Text

from api.cli_output import (
    count,
    echo_json,
    json_option,
    page_options,
    queries_module,
    short,
    showing,
    table,
)
from api.common import db_option, names_fail_cleanly, open_graph, open_store, parse_day, text_console
from api.lazy_commands import LazyGroup


@click.group(cls=LazyGroup, lazy={"actions": "api.cli_actions:actions_command"})
def query() -> None:
    """Ask the graph: shared accountability, co-accountability, themes, similar issues,
    dependencies, paths between organisations, gaps, organisation profiles, progress and the
    actions tracker (as a table, CSV, Excel or JSON)."""


@query.command("shared-accountability")
@click.option(
    "--org", help="Only recommendations addressed to this organisation (name, alias or initialism)."
)
@click.option("--area", help="Only recommendations of reviews in this area.")
@click.option(
    "--min-orgs",
    type=click.IntRange(min=1),
    help="Least number of owners (organisations and collective addressees). Default 2, or 1 with --org.",
)
@page_options
@json_option
@db_option
@names_fail_cleanly
def shared_accountability(
    org: str | None, area: str | None, min_orgs: int | None, limit: int, offset: int, as_json: bool, db: Path
) -> None:
    """Recommendations owned jointly, with their owners and each action's lead, assurance and timescale."""
    from api.paging import page_of
    from graph.queries.accountability import recommendation_details, shared_recommendations

    g = open_graph(db)
    nodes = shared_recommendations(g, org=org, area=area, min_orgs=min_orgs)
    if as_json:
        echo_json(page_of(nodes, limit, offset, lambda r: recommendation_details(g, r).to_json()))
        return
    found = [recommendation_details(g, r) for r in nodes[offset : offset + limit]]
    rows = []
    for rec in found:
        actions = "\n".join(
            f"• {short(a.text, 12)} | lead: {short(a.lead, 8) or '-'}"
            + "".join(f" [{lead.describe()}]" for lead in a.lead_organisations if lead.through_role)
            + f" | responsible: {short(a.responsible, 8) or '-'} | "
            f"assurance: {short('; '.join(a.assurance), 8) or '-'} | due: {a.timescale or '-'} | "
            f"status: {a.status or '-'}"
            for a in rec.actions
        )
        owners = "\n".join(rec.owners)
        rows.append([rec.area, rec.recommendation, short(rec.text), owners, actions or "(no action)"])
    title = count(len(nodes), "recommendation") + (f" addressed to {org}" if org else " with shared owners")
    title += showing(len(nodes), limit, offset)
    text_console().print(table(title, ["Area", "Rec", "Recommendation", "Owners", "Actions"], rows))


@query.command("co-accountability")
@click.option("--seed", default=0, show_default=True, help="Seed of the community detection.")
@page_options
@json_option
@db_option
def co_accountability(seed: int, limit: int, offset: int, as_json: bool, db: Path) -> None:
    """Organisation pairs weighted by shared recommendations; centrality and communities."""
    from api.paging import paged_result
    from graph.queries.walk import to_jsonable

    network = queries_module().co_accountability(open_graph(db), seed=seed)
    if as_json:
        echo_json(to_jsonable(paged_result(network, "co-accountability", limit, offset)))
        return
    console = text_console()
    console.print(
        table(
            "Organisations by shared recommendations",
            [
                "Organisation",
                "Shared recs",
                "Strength",
                "Co-owners",
                "Degree",
                "Betweenness",
                # numbered as in --json (an index into "communities", 0 = the largest)
                "Community (0 = largest)",
            ],
            (
                [
                    o.organisation,
                    o.shared_recommendations,
                    o.strength,
                    o.co_owners,
                    o.degree,
                    o.betweenness,
                    o.community,
                ]
                for o in network.organisations[offset : offset + limit]
            ),
        )
    )
    console.print(
        table(
            "Pairs (heaviest first)",
            ["Organisation", "Organisation", "Shared", "Recommendations"],
            (
                [p.first, p.second, p.weight, ", ".join(p.recommendations)]
                for p in network.pairs[offset : offset + limit]
            ),
        )
    )


@query.command("themes")
@click.option(
    "--min-areas",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Themes raised in at least N areas.",
)
@page_options
@json_option
@db_option
def themes(min_areas: int, limit: int, offset: int, as_json: bool, db: Path) -> None:
    """Recurring themes: areas, reviews and years where each theme comes up, with examples and evidence."""
    from api.paging import page_of

    found = queries_module().recurring_themes(open_graph(db), min_areas=min_areas)
    if as_json:
        echo_json(page_of(found, limit, offset, lambda t: t.to_json()))
        return
    rows = []
    for theme in found[offset : offset + limit]:
        examples = "\n".join(
            f"• [{e.area}] {e.recommendation or e.kind.lower()}: {short(e.text, 15)}"
            f" (evidence: {', '.join(e.evidence) or '-'})"
            for e in _first_per_area(theme.examples)
        )
        per_area = ", ".join(f"{a} {n}" for a, n in theme.by_area.items())
        rows.append([theme.theme, theme.count, per_area, ", ".join(map(str, theme.years)), examples])
    title = f"{count(len(found), 'theme')} found in at least {count(min_areas, 'area')}"
    title += showing(len(found), limit, offset)
    text_console().print(table(title, ["Theme", "Count", "Areas", "Years", "Examples"], rows))


def _first_per_area(examples: Iterable[Any]) -> list[Any]:
    seen: set[str | None] = set()
    first = []
    for example in examples:
        if example.area not in seen:
            seen.add(example.area)
            first.append(example)
    return first


@query.command("similar")
@click.option(
    "--min-areas",
    default=2,
    show_default=True,
    type=click.IntRange(min=1),
    help="Clusters spanning at least N areas.",
)
@click.option(
    "--threshold",
    default=0.35,
    show_default=True,
    type=click.FloatRange(0, 1),
    help="Least TF-IDF cosine similarity.",
)
@click.option(
    "--like", "like", metavar="REC", help="Instead: the texts most like this recommendation ('AREA NUMBER')."
)
@click.option(
    "--top", default=5, show_default=True, type=click.IntRange(min=1), help="With --like: how many."
)
@page_options
@json_option
@db_option
@names_fail_cleanly
def similar(
    min_areas: int,
    threshold: float,
    like: str | None,
    top: int,
    limit: int,
    offset: int,
    as_json: bool,
    db: Path,
) -> None:
    """Recurring issues beyond the theme list: texts from different reviews that say nearly the same."""
    g = open_graph(db)
    if like:
        items = queries_module().like_recommendation(g, like, top=top)
        if as_json:
            echo_json([i.to_json() for i in items])
            return
        rows = ([i.score, i.area, i.kind, i.recommendation, short(i.text)] for i in items)
        text_console().print(table(f"Most like {like}", ["Score", "Area", "Kind", "Rec", "Text"], rows))
        return
    from api.paging import page_of

    clusters = queries_module().similar_items(g, min_areas=min_areas, threshold=threshold)
    if as_json:
        echo_json(page_of(clusters, limit, offset, lambda c: c.to_json()))
        return
    rows = (
        [
            ", ".join(c.areas),
            short(c.representative),
            "\n".join(
                f"• [{m.area}] {m.kind} {m.recommendation or ''}".rstrip() + f": {short(m.text, 12)}"
                for m in c.members
            ),
        ]
        for c in clusters[offset : offset + limit]
    )
    text_console().print(
        table(
            f"{count(len(clusters), 'cluster')} of similar texts" + showing(len(clusters), limit, offset),
            ["Areas", "Representative", "Members"],
            rows,
        )
    )


@query.command("dependencies")
@click.option("--org", required=True, help="The organisation (name, alias or initialism).")
@page_options
@json_option
@db_option
@names_fail_cleanly
def dependencies(org: str, limit: int, offset: int, as_json: bool, db: Path) -> None:
    """What an organisation depends on: commissioners, cross-references, assurance chains, others."""
    from api.paging import paged_result
    from graph.queries.walk import to_jsonable

    found = queries_module().dependencies(open_graph(db), org)
    if as_json:
        echo_json(to_jsonable(paged_result(found, "dependencies", limit, offset)))
        return
    console = text_console()
    console.print(Text(f"Dependencies of {found.organisation}", style="bold"))
    console.print(Text(f"Commissioned by: {', '.join(found.commissioned_by) or '-'}"))
    console.print(Text(f"Commissions: {', '.join(found.commissions) or '-'}"))
    if found.commissioned_services:
        services = ", ".join(found.commissioned_services)
        console.print(Text(f"Commissions services (provider not named): {services}"))
    console.print(
        table(
            "Cross-references",
            ["From", "To", "In a cycle"],
            ([c.source, c.target, "yes" if c.in_cycle else ""] for c in found.cross_references),
        )
    )
    console.print(
        table(
            "Assurance chains (action -> assurance body -> board)",
            ["Rec", "Action", "Assurance body", "Board"],
            (
                [c.recommendation, c.action_text, c.assurance_body, c.board or "-"]
                for c in found.assurance_chains
            ),
        )
    )
    console.print(
        table("Depends on", ["Organisation", "Why"], ([d.organisation, d.reason] for d in found.depends_on))
    )


@query.command("path")
@click.argument("org_a")
@click.argument("org_b")
@json_option
@db_option
@names_fail_cleanly
def path(org_a: str, org_b: str, as_json: bool, db: Path) -> None:
    """How two organisations are linked, hop by hop, in plain words."""
    hops = queries_module().path_between(open_graph(db), org_a, org_b)
    if as_json:
        echo_json([h.to_json() for h in hops])
        return
    console = text_console()
    if not hops:
        console.print(
            Text(f"Nothing links {org_a} and {org_b} through recommendations, actions or assurance.")
        )
        return
    for number, hop in enumerate(hops, start=1):
        console.print(Text(f"{number}. {hop.explanation}"))


@query.command("gaps")
@click.option(
    "--as-of", callback=parse_day, metavar="DATE", help="Judge timescales as of this day (default today)."
)
@page_options
@json_option
@db_option
def gaps(as_of: date | None, limit: int, offset: int, as_json: bool, db: Path) -> None:
    """Missing actions, leads, assurance and timescales, organisations with no action, overdue actions.

    With --json: the counts of each kind and one page of the gaps (each naming its organisations);
    the table groups the page's gaps by organisation.
    """
    from api.paging import page_of
    from graph.queries.gaps import GapReport

    report = queries_module().gaps(open_graph(db), as_of)
    if as_json:
        body = page_of(list(report.items), limit, offset, lambda i: i.to_json())
        echo_json({"as_of": report.as_of, "counts": report.counts(), **body})
        return
    shown = GapReport(report.as_of, report.items[offset : offset + limit])
    console = text_console()
    counts = ", ".join(f"{kind}: {n}" for kind, n in report.counts().items())
    console.print(Text(f"Gaps as of {report.as_of}: {counts}" + showing(len(report.items), limit, offset)))
    for organisation, items in shown.by_organisation.items():
        rows = ([i.kind, i.area, i.recommendation, short(i.text, 12), i.detail] for i in items)
        console.print(table(organisation, ["Gap", "Area", "Rec", "Text", "Detail"], rows))


@query.command("org")
@click.argument("name")
@page_options
@json_option
@db_option
@names_fail_cleanly
def org(name: str, limit: int, offset: int, as_json: bool, db: Path) -> None:
    """One organisation (NAME: canonical name, alias, initialism or node id): accountable alone and
    jointly, co-owners, actions it leads (directly or through its roles), assurance, gaps."""
    from api.paging import paged_result
    from graph.queries.walk import to_jsonable

    profile = queries_module().organisation_profile(open_graph(db), name)
    if as_json:
        echo_json(to_jsonable(paged_result(profile, "organisation", limit, offset)))
        return
    console = text_console()
    console.print(Text(f"{profile.name} ({profile.type})", style="bold"))
    console.print(
        Text(f"Also called: {', '.join(profile.aliases) or '-'}; areas: {', '.join(profile.areas) or '-'}")
    )
    for title, recs in (
        ("Accountable alone", profile.accountable_alone),
        ("Accountable jointly", profile.accountable_jointly),
    ):
        rows = (
            [r.area, r.recommendation, short(r.text), ", ".join(o for o in r.owners if o != profile.name)]
            for r in recs
        )
        console.print(table(f"{title}: {len(recs)}", ["Area", "Rec", "Recommendation", "With"], rows))
    console.print(
        table(
            "Co-owners",
            ["Organisation", "Shared recommendations"],
            ([o, n] for o, n in profile.co_owners.items()),
        )
    )
    console.print(
        table(
            f"Its actions: {len(profile.actions)}",
            ["Action", "Lead", "Assurance", "Due", "Status"],
            (
                [a.text, a.lead, a.assurance, a.timescale_raw or a.timescale, a.status]
                for a in profile.actions
            ),
        )
    )
    console.print(
        Text(
            f"Actions it leads: {len(profile.actions_led)} ({profile.actions_led_through_roles} through its "
            f"roles, {profile.actions_led_inferred} of them inferred from being the sole addressee)"
        )
    )
    console.print(Text(f"Assurance bodies: {', '.join(profile.assurance_bodies) or '-'}"))
    console.print(
        table(
            f"Gaps naming it (as of today): {len(profile.gaps)}",
            ["Gap", "Area", "Rec", "What", "Detail"],
            ([i.kind, i.area, i.recommendation, short(i.text, 12), i.detail] for i in profile.gaps),
        )
    )


@query.command("progress")
@click.argument("document")
@json_option
@db_option
def progress(document: str, as_json: bool, db: Path) -> None:
    """Each action's status across the stored versions of DOCUMENT (its id, see `sgraph documents`)."""
    from graph.queries.names import unknown_document
    from graph.store import UnknownDocument

    with open_store(db) as store:
        try:
            history = store.history(document)
        except UnknownDocument as exc:
            unknown = unknown_document(document, (d.id for d in store.documents()))
            raise click.ClickException(str(unknown)) from exc
    report = queries_module().progress(history)
    if as_json:
        echo_json(report.to_json())
        return
    console = text_console()
    versions = [v.version for v in report.versions]
    changed = sum(len(c.added) + len(c.removed) + len(c.changed) for c in report.changes)
    console.print(
        Text(
            f"{report.document}: {count(len(versions), 'stored version')}, "
            f"{count(len(report.actions), 'action')}, "
            + (f"{count(changed, 'change')} between versions" if changed else "no changes yet")
        )
    )
    history_rows = (
        [a.owner, short(a.text, 12), *[(s.status or s.rag or "-") if s else "(absent)" for s in a.states]]
        for a in report.actions
    )
    columns = ["Owner", "Action", *[f"v{v}" for v in versions]]
    console.print(table(f"Actions of {report.document}", columns, history_rows))
    for change in report.changes:
        rows = [["added", a, ""] for a in change.added] + [["removed", r, ""] for r in change.removed]
        rows += [[c.field, f"{c.owner}: {c.text}", f"{c.before} -> {c.after}"] for c in change.changed]
        title = f"v{change.from_version} -> v{change.to_version}"
        console.print(table(title, ["Change", "Action", "From -> to"], rows))
