"""The ``kg`` command: a thin layer over the library. Heavy modules are imported inside commands,
so ``kg --help`` stays fast. Every :class:`~kg.errors.KGError` becomes a one-line message on
stderr and an exit code (1, or 2 for usage errors) — never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.errors import KGError

DEFAULT_GRAPH = Path("build") / "graph"
GRAPH_OPTION = click.option(
    "--graph", "graph_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_GRAPH,
    show_default=True, help="Folder of the built graph (written by `kg build`).")
MEMORY_OPTION = click.option(
    "--memory", is_flag=True,
    help="Answer from a copy of the graph in memory instead of the on-disk store: look-ups several "
         "times faster, for ~0.4 GB of memory and ~10 s of loading per million triples.")


def _read_into_memory(graph_dir: Path) -> None:
    import time

    from kg.store import read_into_memory

    click.echo(f"Reading the graph in {graph_dir} into memory…", err=True)
    started = time.perf_counter()
    triples = read_into_memory(graph_dir)
    click.echo(f"{triples:,} triples in memory ({time.perf_counter() - started:.1f} s)", err=True)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KGError as e:
            click.secho(f"Error: {e}", fg="red", err=True)
            sys.exit(e.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="policykg", prog_name="kg")
def cli() -> None:
    """PolicyKG: Chinese government action plans as a queryable knowledge graph.

    \b
    Start with:
      kg build                       # the bundled documents → build/graph
      kg tasks --format table        # every task with its units and deadlines
      kg validate                    # SHACL shapes + OWL consistency
    """


def _print_summary(summary, per_document: bool = True) -> None:
    """The build's report: a line per document (or, for a large corpus, only the skipped ones and
    how many were extracted, unchanged and removed), the totals, and the problems (at most 20 for a
    large corpus; all are in manifest.json)."""
    if per_document:
        for d in summary.documents:
            status = "built " if d.built else "SKIPPED"
            extra = "".join(f", {n} {what}" for n, what in ((d.chapters, "chapters"),
                            (d.projects, "projects"), (d.enterprises, "enterprises")) if n)
            click.echo(f"  {status} {d.name}: {d.actions} actions, {d.tasks} tasks, {d.units} units, "
                       f"{d.deadlines} deadlines, {d.targets} targets{extra}")
        counts = ""
    else:
        for d in summary.skipped:
            click.echo(f"  SKIPPED {d.name}", err=True)
        counts = f" ({summary.extracted} extracted, {summary.reused} unchanged, {summary.removed} removed)"
    click.echo(
        f"Built {summary.plans} plan{'s' if summary.plans != 1 else ''} from {len(summary.documents)} "
        f"document{'s' if len(summary.documents) != 1 else ''}{counts}: {summary.actions} actions, "
        f"{summary.tasks} tasks, {summary.departments} departments, {summary.deadlines} deadlines, "
        f"{summary.targets} targets, {summary.triples} triples in {summary.seconds:.1f} s → {summary.out_dir}")
    problems = [p for d in summary.documents for p in d.problems]
    if problems:
        shown = problems if per_document else problems[:20]
        more = "" if len(shown) == len(problems) else f" (all in {summary.out_dir}/manifest.json); the first 20"
        click.echo(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}{more}:", err=True)
        for p in shown:
            click.echo(f"  {p}", err=True)


@cli.command("build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_GRAPH,
              show_default=True, help="Folder to write the graph to (replaced atomically).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line and problems.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes for extraction (default: the number of CPUs).")
@click.option("--full", is_flag=True,
              help="Extract every document again (default: reuse the unchanged ones of the previous build in --out).")
@click.option("--single-file/--no-single-file", default=None,
              help="Also write the whole graph as one file, policykg.nq and policykg.trig (default: for "
                   "corpora of up to 500 documents; larger ones keep one file per document in graphs/, "
                   "and `kg dump` writes files for bulk loaders).")
def build_command(paths: tuple[Path, ...], out_dir: Path, quiet: bool, jobs: int | None, full: bool,
                  single_file: bool | None) -> None:
    """Build the graph from documents (files or folders; default: the bundled corpus).

    Documents are extracted in parallel; a rebuild into the same --out extracts only new and
    changed documents (by content hash) and drops removed ones. A progress bar shows on long
    builds when stderr is a terminal.

    \b
    Exit status: 0 all documents built; 1 some were skipped (the rest still built); 2 usage error.
    \b
    Examples:
      kg build
      kg build data/corpus/nanyang-2023-ecology-3yr-plan.txt --out /tmp/graph
      kg synth 2000 --out build/synth && kg build build/synth/docs --out build/synth-graph
    """
    from kg.build import build

    bar = None
    show = not quiet and sys.stderr.isatty()

    def progress(name: str, i: int, n: int) -> None:
        nonlocal bar
        if not show:
            return
        if n > 20:
            if bar is None:
                from tqdm import tqdm

                bar = tqdm(total=n, unit="doc", file=sys.stderr, leave=False, dynamic_ncols=True)
            bar.update(i - bar.n)
        else:
            click.echo(f"\r[{i}/{n}] {name[:60]:<60}", nl=False, err=True)

    for p in paths:
        if not p.exists():
            raise click.BadParameter(f"{p}: no such file or folder", param_hint="PATHS")
    try:
        summary = build(list(paths) or None, out_dir, progress=progress, jobs=jobs, incremental=not full,
                        single_file=single_file)
    finally:
        if bar is not None:
            bar.close()
    if show and bar is None:
        click.echo("\r" + " " * 72 + "\r", nl=False, err=True)
    if quiet:
        click.echo(f"{summary.plans} plans, {summary.tasks} tasks, {summary.triples} triples → {summary.out_dir}")
        for p in (p for d in summary.documents for p in d.problems if "error" in p or "skipped" in p):
            click.echo(f"  {p}", err=True)
    else:  # a large corpus: the skipped documents and the totals, not one line per document
        _print_summary(summary, per_document=len(summary.documents) <= 50)
    if not quiet and summary.up_to_date:
        click.echo(f"Nothing changed since the last build: {summary.out_dir} is up to date "
                   "(use --full to extract every document again).", err=True)
    sys.exit(summary.exit_code)


@cli.command("tasks")
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "table"]), default="jsonl",
              show_default=True)
def tasks_command(graph_dir: Path, fmt: str) -> None:
    """Every task of the built graph, one record each (DESIGN.md §6).

    \b
    Fields: document, plan, jurisdiction, action, action_title, number, title,
            lead, support, implement ([{name, canonical}]), deadlines ([{text, date}]), iri.
    \b
    Examples:
      kg tasks > tasks.jsonl
      kg tasks --format csv > tasks.csv
    """
    from kg import formats
    from kg.tasks import TASK_COLUMNS, task_records

    rows = task_records(graph_dir)
    cols = TASK_COLUMNS if fmt != "table" else ["document", "action", "number", "title", "lead", "deadlines"]
    formats.write(rows, fmt, sys.stdout, cols)


@cli.command("validate")
@GRAPH_OPTION
@click.option("--no-reasoner", is_flag=True, help="Skip the OWL consistency check (needs Java).")
def validate_command(graph_dir: Path, no_reasoner: bool) -> None:
    """Check the built graph: SHACL shapes (pyshacl) and OWL consistency (HermiT).

    Exit status 0 when the graph conforms and is consistent, 1 otherwise (the report says where).
    """
    from kg.build import ONTOLOGY_XML, whole_nquads
    from kg.validate import validate

    with whole_nquads(graph_dir) as nquads:
        report = validate(nquads)
        click.echo(report.text.rstrip())
        ok = report.conforms
        if not no_reasoner:
            from kg.reason import check_consistency

            result = check_consistency(graph_dir / ONTOLOGY_XML, nquads)
            click.echo(result.message)
            ok = ok and result.consistent
    sys.exit(0 if ok else 1)


ENDPOINT_OPTION = click.option(
    "--endpoint", metavar="URL", default=None,
    help="Run against a SPARQL 1.1 endpoint instead of the built graph (its default graph must be "
         "the union of the named graphs).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv", "tsv"]),
                             default="table", show_default=True)


def _engine(graph_dir: Path, endpoint: str | None):
    if endpoint:
        from kg.remote import RemoteEngine

        return RemoteEngine(endpoint)
    from kg.queries import LocalEngine

    return LocalEngine.of(graph_dir)


def _print_result(result, fmt: str, max_rows: int | None = None) -> None:
    from kg import formats

    records = result.records()
    if max_rows is not None and len(records) > max_rows:
        click.echo(f"(showing the first {max_rows} of {len(records)} rows; raise --max-rows for more)", err=True)
        records = records[:max_rows]
    formats.write(records, fmt, sys.stdout, result.columns)


def _parse_params(params: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, val in params:
        out[key.lstrip("-").replace("-", "_")] = val
    return out


@cli.command("queries")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "json", "csv"]), default="table",
              show_default=True)
def queries_command(lang: str, fmt: str) -> None:
    """List the saved queries (queries/*.rq) with their parameters.

    \b
    Example:
      kg queries --lang zh
    """
    from kg import formats
    from kg.queries import saved_queries

    rows = []
    for q in saved_queries().values():
        rows.append({
            "name": q.name,
            "summary": q.summary.get(lang) or q.summary.get("en", ""),
            "parameters": ", ".join(f"{p.name}:{p.type}" + (f"={p.default}" if p.default else "")
                                    + ("" if p.required else "?") for p in q.params),
            "tags": ", ".join(q.tags),
        })
    formats.write(rows, fmt, sys.stdout, ["name", "summary", "parameters", "tags"])


@cli.command("query")
@click.argument("name")
@click.option("-p", "--param", "params", type=(str, str), multiple=True, metavar="KEY VALUE",
              help="A parameter value (repeatable), e.g. -p department 市生态环境局 -p due 2024-12-31.")
@GRAPH_OPTION
@ENDPOINT_OPTION
@FORMAT_OPTION
@click.option("--show-sparql", is_flag=True, help="Print the SPARQL that ran (to stderr).")
def query_command(name: str, params, graph_dir: Path, endpoint: str | None, fmt: str, show_sparql: bool) -> None:
    """Run saved query NAME (see `kg queries`).

    Parameter values are checked against their declared type and bound as RDF terms, never
    pasted into the query text.

    \b
    Examples:
      kg query tasks_by_department -p department 市生态环境局 -p due 2024-12-31
      kg query tasks_by_department -p department "city ecology bureau" -p role support
      kg query targets_by_indicator -p indicator 优良天数比例 --format csv
      kg query plan_outline -p plan 南阳
    """
    from kg.queries import run_saved

    result, sparql = run_saved(name, _parse_params(params), _engine(graph_dir, endpoint))
    if show_sparql:
        click.echo(sparql, err=True)
    _print_result(result, fmt)


@cli.command("sparql")
@click.argument("query")
@GRAPH_OPTION
@ENDPOINT_OPTION
@FORMAT_OPTION
@click.option("--max-rows", type=int, default=10000, show_default=True, help="Print at most this many rows.")
def sparql_command(query: str, graph_dir: Path, endpoint: str | None, fmt: str, max_rows: int) -> None:
    """Run ad-hoc, read-only SPARQL: QUERY is the query text, a .rq file, or - for stdin.

    The default graph is the union of all documents' named graphs. Updates are refused.

    \b
    Examples:
      kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policykg/ontology#Task> }'
      kg sparql my-query.rq --format csv
      echo 'ASK { ?s ?p ?o }' | kg sparql -
    """
    from kg.queries import read_only_check

    if query == "-":
        text = sys.stdin.read()
    elif query.endswith((".rq", ".sparql")) or (len(query) < 300 and Path(query).is_file()):
        path = Path(query)
        if not path.is_file():
            raise click.BadParameter(f"{query}: no such file", param_hint="QUERY")
        text = path.read_text(encoding="utf-8")
    else:
        text = query
    read_only_check(text)
    _print_result(_engine(graph_dir, endpoint).select(text), fmt, max_rows)


@cli.command("ask")
@click.argument("question")
@GRAPH_OPTION
@ENDPOINT_OPTION
@FORMAT_OPTION
@click.option("--show-sparql", is_flag=True, help="Print the SPARQL that ran (to stderr).")
def ask_command(question: str, graph_dir: Path, endpoint: str | None, fmt: str, show_sparql: bool) -> None:
    """Answer a question in Chinese or English with a saved query.

    Prints which saved query and parameters it chose (to stderr), then the answer. It reads
    departments (any alias, English name, level and place), roles (牵头/lead, 配合/support,
    落实/implement), dates (2024年底前, by the end of 2024, before 2025-06-30, 今年/this year),
    plans, places, indicators and words to look for. When it cannot understand, it exits 1 and
    lists the questions it can answer.

    \b
    Examples:
      kg ask "which tasks does the city ecology bureau lead that are due by the end of 2024"
      kg ask "市生态环境局牵头、2024年底前完成的任务有哪些"
      kg ask "哪些部门与南阳市生态环境局共同承担任务"
      kg ask "Which tasks in Xinxiang are due between 2023-01-01 and 2023-12-31?" --format csv
      kg ask "各市优良天数比例的目标是多少？"
    """
    from kg.ask import ask

    interpretation, result, sparql = ask(question, _engine(graph_dir, endpoint))
    click.echo(f"→ {interpretation.explanation}", err=True)
    if show_sparql:
        click.echo(sparql, err=True)
    _print_result(result, fmt)


@cli.command("serve")
@GRAPH_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=7878, show_default=True)
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Per-query time limit in seconds.")
@click.option("--max-rows", type=int, default=10000, show_default=True, help="Row cap per result.")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True,
              help="Query worker processes (each holds a copy of the graph).")
@MEMORY_OPTION
def serve_command(graph_dir: Path, host: str, port: int, timeout: float, max_rows: int, workers: int,
                  memory: bool) -> None:
    """Serve the built graph read-only over the SPARQL 1.1 Protocol at http://HOST:PORT/sparql.

    \b
    GET and POST (form or application/sparql-query); SELECT/ASK as JSON, XML, CSV or TSV and
    CONSTRUCT/DESCRIBE as Turtle, JSON-LD, N-Triples or RDF/XML, by the Accept header or a
    format=… parameter. The default graph is the union of all documents' graphs. Updates are
    refused (403); a query over the time limit is stopped (503); a result over the row cap is
    refused (422) — add a LIMIT.
    \b
    Examples:
      kg serve --port 7878 &
      kg serve --memory --workers 1   # faster look-ups; each worker holds the graph in memory
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql
      kg query workload_by_department --endpoint http://127.0.0.1:7878/sparql
    """
    from kg.server import make_server

    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    if memory:
        click.echo(f"Reading the graph into memory in each of the {workers} worker(s)…", err=True)
    server = make_server(graph_dir, host=host, port=port, timeout=timeout, max_rows=max_rows, workers=workers,
                         verbose=True, memory=memory)
    signal.signal(signal.SIGTERM, stop)  # `kill` stops the workers too, like Ctrl-C
    click.echo(f"PolicyKG SPARQL endpoint on {server.url} (read-only; time limit {timeout:g} s, at most "
               f"{max_rows} rows; Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


@cli.command("push")
@GRAPH_OPTION
@click.option("--endpoint", required=True, metavar="URL", help="The store's SPARQL query endpoint.")
@click.option("--store-url", metavar="URL", default=None,
              help="Graph Store Protocol URL (e.g. http://host:7878/store); found automatically for Oxigraph.")
@click.option("--update-url", metavar="URL", default=None, help="SPARQL Update URL, if not ENDPOINT's /update.")
@click.option("--method", type=click.Choice(["auto", "gsp", "update"]), default="auto", show_default=True)
def push_command(graph_dir: Path, endpoint: str, store_url: str | None, update_url: str | None, method: str) -> None:
    """Load the built graph into a remote SPARQL 1.1 store, one named graph per document.

    Re-pushing replaces each graph; graphs of documents no longer in the build are dropped.
    Writes with the Graph Store Protocol when the store has one (Oxigraph /store, Fuseki /data),
    else SPARQL Update. Credentials go in the URL: http://user:password@host:3030/ds/query.

    \b
    Examples:
      oxigraph serve --location /tmp/store --bind 127.0.0.1:7879 --union-default-graph &
      kg push --endpoint http://127.0.0.1:7879/query
      kg query workload_by_department --endpoint http://127.0.0.1:7879/query
    """
    from kg.remote import push

    report = push(graph_dir, endpoint, store_url=store_url, update_url=update_url, method=method,
                  progress=lambda msg: click.echo(msg, err=True))
    dropped = f", dropped {len(report.dropped)} old graph{'s' if len(report.dropped) != 1 else ''}" if report.dropped else ""
    click.echo(f"Pushed {report.graphs} graphs, {report.quads} quads{dropped} in {report.seconds:.1f} s "
               f"→ {report.target} ({'Graph Store Protocol' if report.method == 'gsp' else 'SPARQL Update'})")


# ---- commands of later stages; each block is owned by one module of kg/ -------------------------

@cli.command("targets")
@GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv", "tsv", "table"]), default="jsonl",
              show_default=True)
@click.option("--indicator", default=None, metavar="NAME",
              help="Only this indicator: a concept key or any wording of it (优良天数比率 = 优良天数比例, PM2.5).")
@click.option("--level", type=click.Choice(["plan", "task"]), default=None,
              help="Only plan-level targets (主要目标, indicator tables) or only targets inside tasks.")
def targets_command(graph_dir: Path, fmt: str, indicator: str | None, level: str | None) -> None:
    """Export every target (indicator, comparator, value, unit, year, baseline …) of the built graph.

    One record per target, read from the built graph (not the extractor).

    \b
    Examples:
      kg targets --format csv > targets.csv
      kg targets --indicator 优良天数比率 --format table
      kg targets --level plan --format jsonl
    """
    from kg import formats
    from kg.extract.targets import indicator_key
    from kg.targets import TARGET_COLUMNS, target_records

    records = target_records(graph_dir)
    if indicator:
        key = indicator_key(indicator) or indicator.strip()
        records = [r for r in records if r["indicator_key"] == key or r["indicator"] == indicator.strip()]
    if level:
        records = [r for r in records if r["level"] == level]
    formats.write(records, fmt, sys.stdout, TARGET_COLUMNS)


@cli.command("export")
@click.argument("kind", type=click.Choice(["responsibility"]))
@GRAPH_OPTION
@ENDPOINT_OPTION
@click.option("--plan", "plans", multiple=True, metavar="PLAN", help="Only these plans (title, file or city; repeatable).")
@click.option("--jurisdiction", "jurisdictions", multiple=True,
              help="Only plans of these places or places within them (repeatable).")
@click.option("--role", "roles", multiple=True, type=click.Choice(["lead", "support", "implement"]),
              help="Only these roles (repeatable; default all).")
@click.option("--department-type", "department_types", multiple=True,
              help="Only departments of these types (生态环境局, 环保局, \"ecology bureau\"; repeatable).")
@click.option("--department", default=None, help="Only the tasks of this department (and the other units on them).")
@click.option("--due-from", default=None, help="Only tasks with a deadline on or after this date (YYYY-MM-DD, YYYY-MM, YYYY).")
@click.option("--due-to", default=None, help="Only tasks with a deadline on or before this date.")
@click.option("--graph-kind", type=click.Choice(["departments", "bipartite"]), default="departments",
              show_default=True, help="department–department (weighted by shared tasks) or department–task graph.")
@click.option("--format", "fmt",
              type=click.Choice(["graphml", "gexf", "node-link", "cytoscape", "csv", "png", "svg"]),
              default=None, help="Output format [default: from the --out suffix: .graphml .gexf .json .cyjs "
                                 ".png .svg; no suffix = csv folder]")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output file (for csv: a folder receiving nodes.csv and edges.csv).")
def export_command(kind: str, graph_dir: Path, endpoint: str | None, plans, jurisdictions, roles, department_types,
                   department, due_from, due_to, graph_kind: str, fmt: str | None, out: Path) -> None:
    """Export the department responsibility graph (networkx) for Gephi, Cytoscape or a drawing.

    \b
    Examples:
      kg export responsibility --out responsibility.gexf                  # open in Gephi
      kg export responsibility --plan 南阳 --role lead --format graphml --out nanyang.graphml
      kg export responsibility --graph-kind bipartite --format cytoscape --out tasks.cyjs
      kg export responsibility --department 南阳市生态环境局 --format png --out eco.png
      kg export responsibility --department-type "ecology bureau" --due-to 2024-12-31 --format csv --out csv/
    """
    from kg.export import ExportFilter, export_responsibility

    flt = ExportFilter(plans=list(plans), jurisdictions=list(jurisdictions), roles=list(roles),
                       department_types=list(department_types), department=department,
                       due_from=due_from, due_to=due_to)
    engine = _engine(graph_dir, endpoint) if endpoint else None
    report = export_responsibility(graph_dir, flt, graph_kind=graph_kind, fmt=fmt, out=out, engine=engine)
    click.echo(report)


@cli.command("ui")
@GRAPH_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback by default).")
@click.option("--port", type=int, default=7860, show_default=True)
@MEMORY_OPTION
def ui_command(graph_dir: Path, host: str, port: int, memory: bool) -> None:
    """Start the Gradio web UI on http://HOST:PORT (Chinese first, English toggle).

    Tabs: Ask (questions and canned questions with pickers), Departments, Plans, read-only
    SPARQL, Export. Binds the loopback address unless told otherwise.

    \b
    Examples:
      kg ui                              # http://127.0.0.1:7860, graph in build/graph
      kg ui --graph /tmp/graph --port 8080
      kg ui --graph build/synth-graph --memory   # large graphs, on a machine with memory to spare
    """
    from kg.ui import launch

    if memory:
        _read_into_memory(graph_dir)
    click.echo(f"PolicyKG UI on http://{host}:{port} (Ctrl-C to stop)", err=True)
    launch(graph_dir, host=host, port=port)


@cli.command("synth")
@click.argument("n", type=int)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("build/synth"),
              show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def synth_command(n: int, out_dir: Path, seed: int) -> None:
    """Write N synthetic documents of the genre with an answer key (for scale tests only)."""
    from kg.synth import generate

    report = generate(n, out_dir, seed=seed)
    click.echo(report)


@cli.command("dump")
@GRAPH_OPTION
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True)
def dump_command(graph_dir: Path, out_dir: Path) -> None:
    """Write N-Quads, one file per document, for bulk loaders (Virtuoso, QLever, Fuseki, GraphDB)."""
    from kg.dump import dump

    click.echo(dump(graph_dir, out_dir))


def main() -> None:
    cli(prog_name="kg")


def build_graph_main() -> None:
    """Entry of ``python build_graph.py`` (same options as ``kg build``)."""
    try:
        build_command(prog_name="build_graph.py")
    except KGError as e:
        click.secho(f"Error: {e}", fg="red", err=True)
        sys.exit(e.exit_code)


if __name__ == "__main__":
    main()
