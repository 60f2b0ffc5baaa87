"""The UI's words in Chinese (first) and English: ``t(key, lang)``.

Labels of every component, tab titles and messages live here, so the language toggle can
relabel the whole page and a translator edits one table.
"""

from __future__ import annotations

LANGS = ("zh", "en")
LANG_CHOICES = [("中文", "zh"), ("English", "en")]

STRINGS: dict[str, dict[str, str]] = {
    "title": {"zh": "# PolicyKG 政策知识图谱", "en": "# PolicyKG — policy knowledge graph"},
    "intro": {
        "zh": "从政府行动方案中抽取的任务、责任单位、截止时间与目标。提问、选择常用问题、浏览部门和规划，或下载关系图。",
        "en": "Tasks, responsible units, deadlines and targets read from government action plans. Ask a question, "
              "pick a canned question, browse departments and plans, or download the responsibility graph.",
    },
    "lang": {"zh": "语言 Language", "en": "Language 语言"},
    # tabs
    "tab_ask": {"zh": "问答", "en": "Ask"},
    "tab_departments": {"zh": "部门", "en": "Departments"},
    "tab_plans": {"zh": "规划", "en": "Plans"},
    "tab_sparql": {"zh": "SPARQL", "en": "SPARQL"},
    "tab_export": {"zh": "导出", "en": "Export"},
    # ask
    "question": {"zh": "问题（中文或英文）", "en": "Question (Chinese or English)"},
    "question_ph": {"zh": "例如：市生态环境局牵头、2024年底前完成的任务有哪些",
                    "en": "e.g. which tasks does the city ecology bureau lead that are due by the end of 2024"},
    "ask_btn": {"zh": "提问", "en": "Ask"},
    "examples": {"zh": "示例问题（点击填入）", "en": "Example questions (click to fill in)"},
    "canned": {"zh": "常用问题", "en": "Canned questions"},
    "canned_head": {"zh": "### 常用问题：选择问题并设置条件，无需编写 SPARQL",
                    "en": "### Canned questions: pick one and set its parameters — no SPARQL needed"},
    "run_btn": {"zh": "查询", "en": "Run"},
    "p_department": {"zh": "部门（可输入搜索）", "en": "Department (type to search)"},
    "p_role": {"zh": "角色", "en": "Role"},
    "p_date1": {"zh": "日期", "en": "Date"},
    "p_date2": {"zh": "结束日期", "en": "To date"},
    "p_plan": {"zh": "规划", "en": "Plan"},
    "p_jurisdiction": {"zh": "辖区", "en": "Jurisdiction"},
    "p_indicator": {"zh": "指标", "en": "Indicator"},
    "p_text": {"zh": "文字", "en": "Text"},
    "answer": {"zh": "答案", "en": "Answer"},
    "interpretation": {"zh": "理解为", "en": "Understood as"},
    "sparql_used": {"zh": "使用的 SPARQL", "en": "SPARQL used"},
    "task_iri": {"zh": "所选任务（点击表格中的一行）", "en": "Selected task (click a row of the table)"},
    "source": {"zh": "原文（高亮所选任务）", "en": "Source text (the selected task highlighted)"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "rows": {"zh": "{n} 行", "en": "{n} rows"},
    "role_lead": {"zh": "牵头", "en": "lead"},
    "role_support": {"zh": "配合", "en": "support"},
    "role_implement": {"zh": "落实", "en": "implement"},
    # departments
    "department": {"zh": "部门（可输入搜索）", "en": "Department (type to search)"},
    "dept_tasks": {"zh": "按角色列出的任务", "en": "Tasks by role"},
    "timeline": {"zh": "截止时间轴", "en": "Deadline timeline"},
    "network": {"zh": "协作部门网络（共同任务）", "en": "Departments it works with (shared tasks)"},
    "dept_downloads": {"zh": "下载该部门的关系图", "en": "Download this department's graph"},
    "format": {"zh": "格式", "en": "Format"},
    "download_btn": {"zh": "生成下载文件", "en": "Make the file"},
    "file": {"zh": "文件", "en": "File"},
    "dept_summary": {"zh": "**{unit}**：牵头 {lead} 项，配合 {support} 项，落实 {implement} 项",
                     "en": "**{unit}**: leads {lead}, supports {support}, implements {implement} tasks"},
    # plans
    "plan": {"zh": "规划", "en": "Plan"},
    "plan_info": {"zh": "规划信息", "en": "About the plan"},
    "outline": {"zh": "提纲：行动 → 任务 → 单位、截止时间、目标", "en": "Outline: actions → tasks → units, deadlines, targets"},
    "task": {"zh": "任务", "en": "Task"},
    # sparql
    "sparql_head": {"zh": "### 只读 SPARQL（默认图为全部文档的并集；更新语句会被拒绝）",
                    "en": "### Read-only SPARQL (the default graph is the union of all documents; updates are refused)"},
    "saved_example": {"zh": "从已保存的查询开始", "en": "Start from a saved query"},
    "sparql_editor": {"zh": "SPARQL 查询", "en": "SPARQL query"},
    "sparql_run": {"zh": "运行", "en": "Run"},
    "result": {"zh": "结果", "en": "Result"},
    "download": {"zh": "下载", "en": "Download"},
    "limits": {"zh": "时间限制 {timeout:g} 秒，最多显示 {max_rows} 行。",
               "en": "Time limit {timeout:g} s, at most {max_rows} rows shown."},
    "truncated": {"zh": "结果共 {n} 行以上，只显示前 {max_rows} 行。", "en": "More than {max_rows} rows; showing the first {max_rows}."},
    # export
    "export_head": {"zh": "### 导出任意筛选条件下的责任关系图", "en": "### Export the responsibility graph for any filter"},
    "f_plans": {"zh": "规划（不选即全部）", "en": "Plans (none = all)"},
    "f_jurisdictions": {"zh": "辖区", "en": "Jurisdictions"},
    "f_roles": {"zh": "角色", "en": "Roles"},
    "f_types": {"zh": "部门类型", "en": "Department types"},
    "f_department": {"zh": "部门（可选）", "en": "Department (optional)"},
    "f_due_from": {"zh": "截止日期起", "en": "Due from"},
    "f_due_to": {"zh": "截止日期止", "en": "Due to"},
    "graph_kind": {"zh": "图的类型", "en": "Graph kind"},
    "kind_bipartite": {"zh": "部门—任务二部图", "en": "departments–tasks (bipartite)"},
    "kind_department": {"zh": "部门协作图（按共同任务加权）", "en": "department network (weighted by shared tasks)"},
    "export_btn": {"zh": "导出", "en": "Export"},
    "preview": {"zh": "预览", "en": "Preview"},
    "report": {"zh": "导出说明", "en": "Export report"},
    # messages
    "no_task": {"zh": "请先在表格中选择一个任务。", "en": "Select a task in the table first."},
    "no_rows": {"zh": "没有结果。", "en": "No rows."},
    "pick_department": {"zh": "请选择一个部门。", "en": "Pick a department."},
    "pick_plan": {"zh": "请选择一个规划。", "en": "Pick a plan."},
    "empty_question": {"zh": "请输入问题。", "en": "Type a question."},
    "empty_sparql": {"zh": "请输入 SPARQL 查询。", "en": "Type a SPARQL query."},
}


def t(key: str, lang: str = "zh", **kwargs: object) -> str:
    """The text of ``key`` in ``lang`` (falls back to Chinese, then the key itself)."""
    entry = STRINGS.get(key)
    text = key if entry is None else entry.get(lang) or entry.get("zh") or key
    return text.format(**kwargs) if kwargs else text


def norm_lang(lang: str | None) -> str:
    """'en', 'English', 'EN' → 'en'; anything else → 'zh'."""
    return "en" if str(lang or "").strip().lower() in ("en", "english") else "zh"

STRINGS.update({
    "legend": {"zh": "图例：<span style='background:#fff3a0'>任务原文</span> <span style='background:#ffc9c9'>截止时间</span> "
                     "<span style='background:#c9e7ff'>目标</span> <span style='background:#d3f9d8'>责任说明</span>",
               "en": "Legend: <span style='background:#fff3a0'>the task</span> <span style='background:#ffc9c9'>deadline</span> "
                     "<span style='background:#c9e7ff'>target</span> <span style='background:#d3f9d8'>responsibility note</span>"},
    "source_of": {"zh": "文件 {document}，第 {line} 行", "en": "{document}, line {line}"},
    "full_text": {"zh": "文件全文", "en": "Full text of the document"},
})
