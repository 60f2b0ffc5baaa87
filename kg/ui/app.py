"""The Gradio page: ``create_app(graph_dir) -> gr.Blocks``.

Five tabs — Ask (a question box and the canned questions with pickers), Departments, Plans,
SPARQL (read-only) and Export — in Chinese first, with an English toggle that relabels the page.
The work is done by :mod:`kg.ui.handlers`; this module only lays out components and turns
:class:`~kg.errors.KGError` into ``gr.Error`` messages (never a traceback).

Every event has an ``api_name`` so ``gradio_client`` can call it: ``ask``, ``run_query``,
``query_form``, ``task_source``, ``department``, ``department_graph``, ``plan``, ``sparql``,
``sparql_example`` and ``export``.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from kg.errors import KGError
from kg.ui import handlers as h
from kg.ui.i18n import LANG_CHOICES, norm_lang, t

log = logging.getLogger(__name__)
CONCURRENCY = 32  # events served at once (the store answers in milliseconds; 20 users need no queueing)


def _safe(fn: Callable) -> Callable:
    """Run ``fn``; a KGError becomes a gr.Error with its message, anything else a short message."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except gr.Error:
            raise
        except KGError as e:
            raise gr.Error(str(e), print_exception=False) from None
        except Exception as e:  # noqa: BLE001 - the page shows a message, the log keeps the traceback
            log.exception("UI handler %s failed", fn.__name__)
            raise gr.Error(f"internal error ({type(e).__name__}): {e}", print_exception=False) from None

    return wrapper


def _frame(answer: h.Answer) -> dict[str, Any]:
    return {"headers": answer.columns, "data": answer.rows}


def _table_answer(value: Any) -> h.Answer:
    """The answer shown in a Dataframe (a pandas frame from the page) back as an Answer."""
    if value is None:
        return h.Answer([], [])
    if isinstance(value, dict):
        return h.Answer(list(value.get("headers") or []), [list(map(str, r)) for r in value.get("data") or []])
    columns = [str(c) for c in value.columns]
    rows = [["" if v is None else str(v) for v in r] for r in value.itertuples(index=False, name=None)]
    return h.Answer(columns, rows)


def _note(answer: h.Answer, lang: str, lead: str = "") -> str:
    n = t("rows", lang, n=len(answer.rows)) if answer.rows else t("no_rows", lang)
    parts = [p for p in (lead, n, answer.note) if p]
    return " · ".join(parts)


def create_app(graph_dir: str | Path) -> gr.Blocks:
    """The PolicyKG page over the built graph in ``graph_dir`` (opened once and cached)."""
    graph_dir = Path(graph_dir)
    h.engine(graph_dir)  # fail early, with a clear message, when the graph is not built
    zh = "zh"
    departments = h.department_choices(graph_dir, zh)
    first_dept = h.default_department(graph_dir)
    plans = h.plan_choices(graph_dir)
    jurisdictions = h.jurisdiction_choices(graph_dir)
    indicators = h.indicator_choices(graph_dir)
    first_query = h.canned_queries()[0].name
    form0 = h.canned_form(first_query, zh)

    with gr.Blocks(title="PolicyKG", analytics_enabled=False, delete_cache=(3600, 3600)) as app:
        with gr.Row():
            header = gr.Markdown(t("title", zh) + "\n\n" + t("intro", zh))
            lang = gr.Radio(LANG_CHOICES, value=zh, label=t("lang", zh), elem_id="kg-lang", scale=0, min_width=220)

        with gr.Tabs():
            # ------------------------------------------------------------------ Ask
            with gr.Tab(t("tab_ask", zh), id="ask", elem_id="tab-ask") as tab_ask:
                with gr.Row(equal_height=True):
                    question = gr.Textbox(label=t("question", zh), placeholder=t("question_ph", zh), scale=5,
                                          elem_id="kg-question", lines=1)
                    ask_btn = gr.Button(t("ask_btn", zh), variant="primary", scale=1, elem_id="kg-ask")
                examples = gr.Radio(h.example_questions(zh), label=t("examples", zh), value=None,
                                    elem_id="kg-examples")
                with gr.Accordion(t("canned", zh), open=True) as canned_box:
                    canned = gr.Radio(h.canned_choices(zh), value=first_query, label=t("canned", zh),
                                      elem_id="kg-canned")
                    with gr.Row():
                        p_department = gr.Dropdown(departments, value=form0["department"]["value"],
                                                   label=form0["department"]["label"], allow_custom_value=True,
                                                   filterable=True, visible=form0["department"]["visible"],
                                                   elem_id="kg-p-department")
                        p_role = gr.Dropdown(h.role_choices(zh), value=form0["role"]["value"],
                                             label=form0["role"]["label"], visible=form0["role"]["visible"],
                                             elem_id="kg-p-role")
                        p_date1 = gr.DateTime(value=form0["date1"]["value"], include_time=False, type="string",
                                              label=form0["date1"]["label"] or t("p_date1", zh),
                                              visible=form0["date1"]["visible"], elem_id="kg-p-date1")
                        p_date2 = gr.DateTime(value=form0["date2"]["value"], include_time=False, type="string",
                                              label=form0["date2"]["label"] or t("p_date2", zh),
                                              visible=form0["date2"]["visible"], elem_id="kg-p-date2")
                    with gr.Row():
                        p_plan = gr.Dropdown(plans, value=form0["plan"]["value"], label=t("p_plan", zh),
                                             visible=form0["plan"]["visible"], elem_id="kg-p-plan")
                        p_jurisdiction = gr.Dropdown(jurisdictions, value=form0["jurisdiction"]["value"],
                                                     label=t("p_jurisdiction", zh), allow_custom_value=True,
                                                     visible=form0["jurisdiction"]["visible"],
                                                     elem_id="kg-p-jurisdiction")
                        p_indicator = gr.Dropdown(indicators, value=form0["indicator"]["value"],
                                                  label=t("p_indicator", zh), allow_custom_value=True,
                                                  visible=form0["indicator"]["visible"], elem_id="kg-p-indicator")
                        p_text = gr.Textbox(value=form0["text"]["value"], label=t("p_text", zh),
                                            visible=form0["text"]["visible"], elem_id="kg-p-text")
                    run_btn = gr.Button(t("run_btn", zh), variant="primary", elem_id="kg-run")
                explanation = gr.Markdown(elem_id="kg-explanation")
                answer = gr.Dataframe(label=t("answer", zh), interactive=False, wrap=True, elem_id="kg-answer",
                                      max_height=420, show_search="search")
                with gr.Row():
                    answer_fmt = gr.Radio(["csv", "json"], value="csv", show_label=False, scale=0, min_width=160,
                                          elem_id="kg-answer-format")
                    answer_dl = gr.Button(t("download", zh), size="sm", scale=0, min_width=120,
                                          elem_id="kg-answer-download")
                    answer_file = gr.File(show_label=False, height=60, elem_id="kg-answer-file", scale=1,
                                          visible=False)
                with gr.Accordion(t("sparql_used", zh), open=False) as sparql_box:
                    sparql_used = gr.Code(language="sql", interactive=False, elem_id="kg-sparql-used")
                task_iri = gr.Textbox(label=t("task_iri", zh), elem_id="kg-task-iri", max_lines=1)
                legend = gr.HTML(t("legend", zh))
                source = gr.HTML(elem_id="kg-source")

            # ------------------------------------------------------------------ Departments
            with gr.Tab(t("tab_departments", zh), id="departments", elem_id="tab-departments") as tab_dept:
                dept = gr.Dropdown(departments, value=first_dept, label=t("department", zh), allow_custom_value=True,
                                   filterable=True, elem_id="kg-dept")
                dept_summary = gr.Markdown(elem_id="kg-dept-summary")
                with gr.Row():
                    timeline = gr.Plot(label=t("timeline", zh), elem_id="kg-timeline")
                    network = gr.Plot(label=t("network", zh), elem_id="kg-network")
                dept_table = gr.Dataframe(label=t("dept_tasks", zh), interactive=False, wrap=True, max_height=420,
                                          elem_id="kg-dept-table")
                with gr.Row():
                    dept_fmt = gr.Dropdown(list(h.EXPORT_FORMATS), value="graphml", label=t("format", zh),
                                           elem_id="kg-dept-fmt", scale=1)
                    dept_dl = gr.Button(t("download_btn", zh), elem_id="kg-dept-dl", scale=1)
                    dept_file = gr.File(label=t("dept_downloads", zh), elem_id="kg-dept-file", scale=2, height=90)

            # ------------------------------------------------------------------ Plans
            with gr.Tab(t("tab_plans", zh), id="plans", elem_id="tab-plans") as tab_plans:
                plan = gr.Dropdown(plans, value=plans[0][1] if plans else None, label=t("plan", zh),
                                   allow_custom_value=True, elem_id="kg-plan")
                plan_md = gr.Markdown(elem_id="kg-plan-info")
                with gr.Row():
                    with gr.Column(scale=1):
                        outline_label = gr.Markdown("**" + t("outline", zh) + "**")
                        outline = gr.HTML(elem_id="kg-outline", max_height=640)
                    with gr.Column(scale=1):
                        plan_task = gr.Dropdown([], label=t("task", zh), elem_id="kg-plan-task")
                        plan_legend = gr.HTML(t("legend", zh))
                        plan_source = gr.HTML(elem_id="kg-plan-source")
                with gr.Accordion(t("full_text", zh), open=False) as full_box:
                    plan_text = gr.Textbox(lines=16, max_lines=30, interactive=False, show_label=False,
                                           elem_id="kg-plan-text")

            # ------------------------------------------------------------------ SPARQL
            with gr.Tab(t("tab_sparql", zh), id="sparql", elem_id="tab-sparql") as tab_sparql:
                sparql_head = gr.Markdown(t("sparql_head", zh) + "\n\n"
                                          + t("limits", zh, timeout=h.SPARQL_TIMEOUT, max_rows=h.SPARQL_MAX_ROWS))
                sparql_example = gr.Dropdown(h.canned_choices(zh), value=None, label=t("saved_example", zh),
                                             elem_id="kg-sparql-example")
                editor = gr.Code(language="sql", lines=14, interactive=True, label=t("sparql_editor", zh),
                                 elem_id="kg-sparql-editor",
                                 value="PREFIX pol: <https://w3id.org/policykg/ontology#>\n"
                                       "PREFIX dcterms: <http://purl.org/dc/terms/>\n\n"
                                       "SELECT ?task ?title WHERE {\n  ?task a pol:Task ; dcterms:title ?title .\n}\n"
                                       "LIMIT 20\n")
                sparql_run = gr.Button(t("sparql_run", zh), variant="primary", elem_id="kg-sparql-run")
                sparql_note = gr.Markdown(elem_id="kg-sparql-note")
                sparql_table = gr.Dataframe(label=t("result", zh), interactive=False, wrap=True, max_height=420,
                                            elem_id="kg-sparql-table")
                with gr.Row():
                    sparql_fmt = gr.Radio(["csv", "json"], value="csv", show_label=False, scale=0, min_width=160,
                                          elem_id="kg-sparql-format")
                    sparql_dl = gr.Button(t("download", zh), size="sm", scale=0, min_width=120,
                                          elem_id="kg-sparql-download")
                    sparql_file = gr.File(show_label=False, height=60, elem_id="kg-sparql-file", scale=1,
                                          visible=False)

            # ------------------------------------------------------------------ Export
            with gr.Tab(t("tab_export", zh), id="export", elem_id="tab-export") as tab_export:
                export_head = gr.Markdown(t("export_head", zh))
                with gr.Row():
                    f_plans = gr.Dropdown(plans, multiselect=True, label=t("f_plans", zh), elem_id="kg-f-plans")
                    f_jur = gr.Dropdown(jurisdictions, multiselect=True, label=t("f_jurisdictions", zh),
                                        allow_custom_value=True, elem_id="kg-f-jurisdictions")
                    f_roles = gr.Dropdown(h.role_choices(zh), multiselect=True, label=t("f_roles", zh),
                                          elem_id="kg-f-roles")
                    f_types = gr.Dropdown(h.department_type_choices(zh), multiselect=True, label=t("f_types", zh),
                                          allow_custom_value=True, elem_id="kg-f-types")
                with gr.Row():
                    f_dept = gr.Dropdown(departments, value=None, label=t("f_department", zh), allow_custom_value=True,
                                         filterable=True, elem_id="kg-f-department")
                    f_from = gr.DateTime(include_time=False, type="string", label=t("f_due_from", zh),
                                         elem_id="kg-f-from")
                    f_to = gr.DateTime(include_time=False, type="string", label=t("f_due_to", zh), elem_id="kg-f-to")
                with gr.Row():
                    f_kind = gr.Radio(_kind_choices(zh), value="departments", label=t("graph_kind", zh),
                                      elem_id="kg-f-kind")
                    f_fmt = gr.Radio(list(h.EXPORT_FORMATS), value="graphml", label=t("format", zh),
                                     elem_id="kg-f-format")
                export_btn = gr.Button(t("export_btn", zh), variant="primary", elem_id="kg-export")
                export_file = gr.File(label=t("file", zh), elem_id="kg-export-file", height=90)
                export_report = gr.Markdown(elem_id="kg-export-report")
                export_plot = gr.Plot(label=t("preview", zh), elem_id="kg-export-plot")

        # ---------------------------------------------------------------------- events: Ask
        answer_outputs = [explanation, answer, sparql_used]

        def _answer_out(ans: h.Answer, lang_: str, lead: str = ""):
            return _note(ans, lang_, lead), _frame(ans), ans.sparql

        @_safe
        def do_ask(question: str, lang: str):
            lang_ = norm_lang(lang)
            explain, ans = h.ask_question(graph_dir, question)
            return _answer_out(ans, lang_, f"**{t('interpretation', lang_)}**：{explain}")

        ask_btn.click(do_ask, [question, lang], answer_outputs, api_name="ask")
        question.submit(do_ask, [question, lang], answer_outputs, api_visibility="private")

        def fill_example(q: str | None):
            return q or ""

        examples.input(fill_example, [examples], [question], api_visibility="private").then(
            do_ask, [question, lang], answer_outputs, api_visibility="private")

        slot_components = [p_department, p_role, p_date1, p_date2, p_plan, p_jurisdiction, p_indicator, p_text]

        @_safe
        def query_form(name: str, lang: str):
            lang_ = norm_lang(lang)
            form = h.canned_form(name, lang_)
            out = []
            for slot, comp in zip(h.SLOTS, slot_components):
                f = form[slot]
                kwargs: dict[str, Any] = {"visible": f["visible"], "value": f["value"],
                                          "label": f["label"] or t("p_" + slot, lang_)}
                if slot == "role":
                    kwargs["choices"] = h.role_choices(lang_)
                out.append(type(comp)(**kwargs))
            return out

        canned.input(query_form, [canned, lang], slot_components, api_name="query_form")

        @_safe
        def run_query(name: str, department, role, date1, date2, plan, jurisdiction, indicator, text, lang: str):
            lang_ = norm_lang(lang)
            values = dict(zip(h.SLOTS, (department, role, date1, date2, plan, jurisdiction, indicator, text)))
            return _answer_out(h.run_canned(graph_dir, name, values), lang_)

        run_btn.click(run_query, [canned, *slot_components, lang], answer_outputs, api_name="run_query")

        def pick_task(table, evt: gr.SelectData):
            row = evt.row_value or []
            cols = list(getattr(table, "columns", []))
            if "task" in cols and cols.index("task") < len(row):
                return row[cols.index("task")]
            return next((str(v) for v in row if isinstance(v, str) and "/task/" in v), "")

        answer.select(pick_task, [answer], [task_iri], api_visibility="private")

        @_safe
        def show_source(iri: str, lang: str):
            if not iri or not iri.strip():
                return ""
            src = h.task_source(graph_dir, iri)
            where = t("source_of", norm_lang(lang), document=src.document, line=src.line or "?")
            return f"<p><b>{where}</b></p>" + src.html

        task_iri.change(show_source, [task_iri, lang], [source], api_name="task_source")

        # ---------------------------------------------------------------------- events: Departments
        @_safe
        def department_view(department: str, lang: str):
            lang_, unit = norm_lang(lang), department
            ans = h.department_tasks(graph_dir, unit)
            counts = h.role_counts(ans)
            summary = t("dept_summary", lang_, unit=unit, **counts) + " · " + _note(ans, lang_)
            return summary, _frame(ans), h.timeline_figure(ans, lang_)

        @_safe
        def department_net(department: str):
            if not department:
                return None
            return h.department_network(graph_dir, department)

        dept.change(department_view, [dept, lang], [dept_summary, dept_table, timeline], api_name="department").then(
            department_net, [dept], [network], api_name="department_network")

        @_safe
        def department_file(department: str, fmt: str, progress=gr.Progress()):
            unit = department
            if not unit:
                raise gr.Error(t("pick_department", "zh") + " / " + t("pick_department", "en"))
            progress(0.2, desc="…")
            path, _ = h.export_graph(graph_dir, department=unit, fmt=fmt, graph_kind="departments")
            progress(1.0)
            return path

        dept_dl.click(department_file, [dept, dept_fmt], [dept_file], api_name="department_graph")

        # ---------------------------------------------------------------------- events: Plans
        @_safe
        def plan_view(plan: str, lang: str):
            lang_, p = norm_lang(lang), plan
            info = h.plan_info(graph_dir, p, lang_)
            body, tasks = h.outline_html(graph_dir, p, lang_)
            return (h.plan_markdown(info, lang_), body,
                    gr.Dropdown(choices=tasks, value=tasks[0][1] if tasks else None),
                    h.plan_text(graph_dir, p))

        plan.change(plan_view, [plan, lang], [plan_md, outline, plan_task, plan_text], api_name="plan")
        plan_task.change(show_source, [plan_task, lang], [plan_source], api_visibility="private")

        # ---------------------------------------------------------------------- events: SPARQL
        @_safe
        def sparql_example_text(name: str | None):
            if not name:
                return gr.Code()
            from kg.queries import bind, get_saved_query

            return bind(get_saved_query(name), {}, h.engine(graph_dir))

        sparql_example.input(sparql_example_text, [sparql_example], [editor], api_name="sparql_example")

        @_safe
        def run_sparql(query: str, lang: str, progress=gr.Progress()):
            lang_, text = norm_lang(lang), query
            progress(0.1, desc="SPARQL …")
            ans = h.run_sparql(graph_dir, text)
            return _note(ans, lang_), _frame(ans)

        sparql_run.click(run_sparql, [editor, lang], [sparql_note, sparql_table], api_name="sparql")

        @_safe
        def download_table(table, fmt: str):
            """The table on the page as a CSV or JSON file."""
            return h.write_answer(_table_answer(table), fmt or "csv", stem="answer")

        def shown():
            return gr.File(visible=True)

        sparql_dl.click(download_table, [sparql_table, sparql_fmt], [sparql_file], api_name="download_table").then(
            shown, None, [sparql_file], api_visibility="private")
        answer_dl.click(download_table, [answer, answer_fmt], [answer_file], api_visibility="private").then(
            shown, None, [answer_file], api_visibility="private")

        # ---------------------------------------------------------------------- events: Export
        @_safe
        def export(plans, jurisdictions, roles, department_types, department, due_from, due_to, graph_kind, fmt,
                   progress=gr.Progress()):
            plans_, jurs, types, unit, kind = plans, jurisdictions, department_types, department, graph_kind
            progress(0.1, desc="SPARQL …")
            path, report = h.export_graph(graph_dir, plans=plans_ or [], jurisdictions=jurs or [], roles=roles or [],
                                          department_types=types or [], department=unit or None,
                                          due_from=due_from or None, due_to=due_to or None, graph_kind=kind, fmt=fmt)
            progress(1.0)
            return path, report.split(" → ")[0]

        @_safe
        def export_preview(plans_, jurs, roles, types, unit, due_from, due_to, kind):
            from kg.draw import plotly_network
            from kg.export import ExportFilter, build_graph, responsibility_data

            flt = ExportFilter(plans=list(plans_ or []), jurisdictions=list(jurs or []), roles=list(roles or []),
                               department_types=list(types or []), department=unit or None,
                               due_from=h._plain(due_from) or None, due_to=h._plain(due_to) or None)
            G = build_graph(responsibility_data(h.engine(graph_dir), flt), kind)
            return plotly_network(G, focus=unit or None)

        filters = [f_plans, f_jur, f_roles, f_types, f_dept, f_from, f_to]
        export_btn.click(export, [*filters, f_kind, f_fmt], [export_file, export_report], api_name="export").then(
            export_preview, [*filters, f_kind], [export_plot], api_visibility="private")

        # ---------------------------------------------------------------------- language toggle
        relabel_outputs = [header, lang, tab_ask, tab_dept, tab_plans, tab_sparql, tab_export,
                           question, ask_btn, examples, canned_box, canned, run_btn, answer, answer_dl, sparql_box,
                           task_iri, legend, dept, timeline, network, dept_table, dept_fmt, dept_dl, dept_file,
                           plan, outline_label, plan_task, plan_legend, full_box, sparql_head, sparql_example, editor,
                           sparql_run, sparql_table, sparql_dl, export_head, f_plans, f_jur, f_roles, f_types, f_dept, f_from,
                           f_to, f_kind, f_fmt, export_btn, export_file, export_plot, *slot_components]

        def relabel(lang_: str, name: str):
            L = norm_lang(lang_)
            units = h.department_choices(graph_dir, L)
            out = [t("title", L) + "\n\n" + t("intro", L), gr.Radio(label=t("lang", L)),
                   gr.Tab(label=t("tab_ask", L)), gr.Tab(label=t("tab_departments", L)),
                   gr.Tab(label=t("tab_plans", L)), gr.Tab(label=t("tab_sparql", L)),
                   gr.Tab(label=t("tab_export", L)),
                   gr.Textbox(label=t("question", L), placeholder=t("question_ph", L)),
                   gr.Button(t("ask_btn", L)),
                   gr.Radio(choices=h.example_questions(L), value=None, label=t("examples", L)),
                   gr.Accordion(label=t("canned", L)),
                   gr.Radio(choices=h.canned_choices(L), label=t("canned", L)),
                   gr.Button(t("run_btn", L)), gr.Dataframe(label=t("answer", L)),
                   gr.Button(t("download", L)), gr.Accordion(label=t("sparql_used", L)),
                   gr.Textbox(label=t("task_iri", L)), t("legend", L),
                   gr.Dropdown(choices=units, label=t("department", L)), gr.Plot(label=t("timeline", L)),
                   gr.Plot(label=t("network", L)), gr.Dataframe(label=t("dept_tasks", L)),
                   gr.Dropdown(label=t("format", L)), gr.Button(t("download_btn", L)),
                   gr.File(label=t("dept_downloads", L)),
                   gr.Dropdown(label=t("plan", L)), "**" + t("outline", L) + "**", gr.Dropdown(label=t("task", L)),
                   t("legend", L), gr.Accordion(label=t("full_text", L)),
                   t("sparql_head", L) + "\n\n" + t("limits", L, timeout=h.SPARQL_TIMEOUT, max_rows=h.SPARQL_MAX_ROWS),
                   gr.Dropdown(choices=h.canned_choices(L), label=t("saved_example", L)),
                   gr.Code(label=t("sparql_editor", L)), gr.Button(t("sparql_run", L)),
                   gr.Dataframe(label=t("result", L)), gr.Button(t("download", L)), t("export_head", L),
                   gr.Dropdown(label=t("f_plans", L)), gr.Dropdown(label=t("f_jurisdictions", L)),
                   gr.Dropdown(choices=h.role_choices(L), label=t("f_roles", L)),
                   gr.Dropdown(choices=h.department_type_choices(L), label=t("f_types", L)),
                   gr.Dropdown(choices=units, label=t("f_department", L)), gr.DateTime(label=t("f_due_from", L)),
                   gr.DateTime(label=t("f_due_to", L)), gr.Radio(choices=_kind_choices(L), label=t("graph_kind", L)),
                   gr.Radio(label=t("format", L)), gr.Button(t("export_btn", L)), gr.File(label=t("file", L)),
                   gr.Plot(label=t("preview", L))]
            form = h.canned_form(name, L) if name else {}
            for slot, comp in zip(h.SLOTS, slot_components):
                label = (form.get(slot) or {}).get("label") or t("p_" + slot, L)
                kwargs: dict[str, Any] = {"label": label}
                if slot == "role":
                    kwargs["choices"] = h.role_choices(L)
                if slot == "department":
                    kwargs["choices"] = units
                out.append(type(comp)(**kwargs))
            return out

        lang.change(_safe(relabel), [lang, canned], relabel_outputs, api_visibility="private").then(
            department_view, [dept, lang], [dept_summary, dept_table, timeline], api_visibility="private").then(
            plan_view, [plan, lang], [plan_md, outline, plan_task, plan_text], api_visibility="private")

        # first view of the department and plan tabs
        app.load(department_view, [dept, lang], [dept_summary, dept_table, timeline], api_visibility="private").then(
            department_net, [dept], [network], api_visibility="private")
        app.load(plan_view, [plan, lang], [plan_md, outline, plan_task, plan_text], api_visibility="private")

    app.queue(default_concurrency_limit=CONCURRENCY, max_size=512)
    threading.Thread(target=_warm_up, args=(graph_dir,), daemon=True, name="kg-ui-warm-up").start()
    return app


def _warm_up(graph_dir: Path) -> None:
    """Build the question parser's word lists in the background, so the first question is quick."""
    try:
        for q in h.example_questions("zh")[:1] + h.example_questions("en")[:1]:
            h.ask_question(graph_dir, q)
    except Exception:  # noqa: BLE001 - a warm-up failure only costs the first user some time
        log.debug("warm-up failed", exc_info=True)


def _kind_choices(lang: str) -> list[tuple[str, str]]:
    return [(t("kind_department", lang), "departments"), (t("kind_bipartite", lang), "bipartite")]


def launch(graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7860, **kwargs: Any):
    """Build the page and serve it on http://HOST:PORT (loopback by default)."""
    app = create_app(graph_dir)
    return app.launch(server_name=host, server_port=port, show_error=False, max_threads=64, **kwargs)
