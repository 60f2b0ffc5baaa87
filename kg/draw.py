"""Pictures of responsibility graphs (:mod:`kg.export`): a static matplotlib drawing (PNG/SVG)
with Chinese labels, and an interactive plotly figure for the UI.

Both place nodes with a seeded spring layout (the same graph gives the same picture), size them
by task count and draw edges wider the more tasks two units share. Chinese labels need a font
with CJK glyphs: :func:`cjk_font` finds one through matplotlib's font manager (WenQuanYi Micro
Hei from the Debian package ``fonts-wqy-microhei``, Noto Sans CJK …) or says what to install.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import networkx as nx

from kg.errors import KGError

#: Font families with Chinese glyphs, most wanted first.
CJK_FAMILIES = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans SC",
                "Source Han Sans SC", "Source Han Sans CN", "Noto Serif CJK SC", "Droid Sans Fallback",
                "AR PL UMing CN", "AR PL UKai CN", "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC")
_FILE_HINTS = ("wqy", "cjk", "sourcehan", "droidsansfallback", "uming", "ukai", "simhei", "msyh", "pingfang")
KIND_COLOURS = {"Department": "#4C78A8", "Government": "#F58518", "CollectiveUnit": "#54A24B",
                "ExternalOrganization": "#B279A2", "task": "#BDBDBD"}
KIND_NAMES = {"Department": "部门 department", "Government": "政府 government",
              "CollectiveUnit": "集合单位 collective unit", "ExternalOrganization": "外部单位 external",
              "task": "任务 task"}
ROLE_COLOURS = {"lead": "#D62728", "support": "#1F77B4", "implement": "#2CA02C"}
ROLE_NAMES = {"lead": "牵头 lead", "support": "配合 support", "implement": "落实 implement"}
WEB_FONTS = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def cjk_font(available: Iterable[str] | None = None) -> str:
    """The family name of an installed font with Chinese glyphs; KGError naming the Debian
    package to install when there is none. ``available`` (family names) replaces the system's
    fonts, for a check without touching matplotlib's font manager."""
    if available is not None:
        found = _pick(set(available))
        if found is None:
            raise KGError(_NO_FONT)
        return found
    return _system_cjk_font()


_NO_FONT = ("no font with Chinese glyphs is installed, so the drawing's labels would be empty boxes; "
            "install the Debian package fonts-wqy-microhei (`apt-get install fonts-wqy-microhei`, "
            "or fonts-noto-cjk) and run again")


def _pick(names: set[str]) -> str | None:
    for family in CJK_FAMILIES:
        if family in names:
            return family
    return next((n for n in sorted(names) if "CJK" in n or "Han Sans" in n), None)


@lru_cache(maxsize=1)
def _system_cjk_font() -> str:
    from matplotlib import font_manager as fm

    found = _pick({f.name for f in fm.fontManager.ttflist})
    if found is None:
        # installed after matplotlib cached its font list: add the font files found on disk
        for path in fm.findSystemFonts():
            if any(h in path.lower().replace("-", "").replace("_", "") for h in _FILE_HINTS):
                try:
                    fm.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = _pick({f.name for f in fm.fontManager.ttflist})
    if found is None:
        raise KGError(_NO_FONT)
    return found


def layout(G: nx.Graph, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Seeded spring layout of each connected component (edges pull by the square root of
    ``weight``), the components packed in rows, largest first, each in a square whose side grows
    with the square root of its size — so separate plans don't fly to the corners."""
    if G.number_of_nodes() == 0:
        return {}
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for nodes in comps:
        H = nx.Graph()
        H.add_nodes_from(nodes)
        H.add_weighted_edges_from((a, b, math.sqrt(d.get("weight", 1)))
                                  for a, b, d in G.subgraph(nodes).edges(data=True))
        if len(nodes) == 1:
            pos = {nodes[0]: (0.0, 0.0)}
        else:
            try:
                pos = nx.spring_layout(H, k=1.5 / math.sqrt(len(nodes)), seed=seed, weight="weight", iterations=100)
            except ImportError:  # very large components need scipy for the sparse solver
                pos = nx.circular_layout(H)
        side = math.sqrt(len(nodes))
        boxes.append((side, {n: (float(x) * side / 2, float(y) * side / 2) for n, (x, y) in pos.items()}))
    total = sum(s * s for s, _ in boxes)
    row_width = max(math.sqrt(total) * 1.3, boxes[0][0])
    out: dict[Any, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for side, pos in boxes:
        cell = side * 1.15 + 0.6
        if x > 0 and x + cell > row_width:
            x, y, row_height = 0.0, y - row_height, 0.0
        for n, (px, py) in pos.items():
            out[n] = (x + cell / 2 + px, y - cell / 2 + py)
        x += cell
        row_height = max(row_height, cell)
    return out


def gexf_viz(G: nx.Graph, max_layout: int = 3000) -> dict[Any, dict]:
    """GEXF ``viz`` per node — size by tasks, colour by kind, and (up to ``max_layout`` nodes) the
    position of :func:`layout` — so Gephi opens the file looking like the drawing."""
    pos = layout(G) if G.number_of_nodes() <= max_layout else {}
    most = max((d.get("tasks", 0) for _, d in G.nodes(data=True)), default=0)
    out = {}
    for node, d in G.nodes(data=True):
        key = "task" if d.get("node_type") == "task" else (d.get("kind") or "Department")
        rgb = KIND_COLOURS.get(key, "#4C78A8")
        viz: dict[str, Any] = {
            "size": 3.0 if key == "task" else round(_size(d.get("tasks", 0), most, 4, 30), 2),
            "color": {"r": int(rgb[1:3], 16), "g": int(rgb[3:5], 16), "b": int(rgb[5:7], 16), "a": 1.0}}
        if node in pos:
            viz["position"] = {"x": round(pos[node][0] * 100, 2), "y": round(pos[node][1] * 100, 2), "z": 0.0}
        out[node] = viz
    return out


def _size(tasks: int, most: int, small: float, large: float) -> float:
    return small + (large - small) * math.sqrt(tasks / most) if most else small


def _labelled(G: nx.Graph, units: int = 250, tasks: int = 150) -> set:
    """The nodes a drawing labels: every unit up to ``units`` of them (else the busiest), task
    titles only when there are at most ``tasks`` tasks — past that, labels are only ink."""
    unit_nodes = sorted((n for n, d in G.nodes(data=True) if d.get("node_type") != "task"),
                        key=lambda n: (-G.nodes[n].get("tasks", 0), str(n)))
    task_nodes = [n for n, d in G.nodes(data=True) if d.get("node_type") == "task"]
    return set(unit_nodes[:units]) | (set(task_nodes) if len(task_nodes) <= tasks else set())


def _short(text: str, n: int = 8) -> str:
    return text if len(text) <= n else text[:n] + "…"


def draw_figure(G: nx.Graph):
    """A matplotlib :class:`~matplotlib.figure.Figure` of ``G`` (no pyplot state): units coloured
    by kind and sized by tasks, labelled with their Chinese names; tasks (bipartite) as grey
    squares; edges coloured by role (bipartite) or widened by shared tasks (departments)."""
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    family = [cjk_font(), "sans-serif"]
    n = G.number_of_nodes()
    side = min(32.0, max(9.0, math.sqrt(max(n, 1)) * 1.7))
    fig = Figure(figsize=(side, side * 0.8))
    ax = fig.add_subplot()
    ax.set_axis_off()
    pos = layout(G)
    bipartite = G.graph.get("graph_kind") == "bipartite"

    most_w = max((d.get("weight", 1) for *_, d in G.edges(data=True)), default=1)
    segments, widths, colours = [], [], []
    for a, b, d in G.edges(data=True):
        segments.append((pos[a], pos[b]))
        if bipartite:
            colours.append(ROLE_COLOURS.get(str(d.get("role", "")).split(";")[0], "#999999"))
            widths.append(0.8)
        else:
            colours.append("#7F7F7F")
            widths.append(0.4 + 5.0 * d.get("weight", 1) / most_w)
    if segments:
        ax.add_collection(LineCollection(segments, linewidths=widths, colors=colours, alpha=0.45, zorder=1))

    most = max((d.get("tasks", 0) for _, d in G.nodes(data=True)), default=0)
    groups: dict[str, list] = {}
    for node, d in G.nodes(data=True):
        key = "task" if d.get("node_type") == "task" else (d.get("kind") or "Department")
        groups.setdefault(key, []).append(node)
    handles = []
    for key in [k for k in KIND_COLOURS if k in groups]:
        nodes = groups[key]
        xs = [pos[v][0] for v in nodes]
        ys = [pos[v][1] for v in nodes]
        if key == "task":
            sizes = [18.0] * len(nodes)
            marker = "s"
        else:
            sizes = [_size(G.nodes[v].get("tasks", 0), most, 40, 900) for v in nodes]
            marker = "o"
        ax.scatter(xs, ys, s=sizes, c=KIND_COLOURS[key], marker=marker, edgecolors="white", linewidths=0.6,
                   zorder=2)
        handles.append(Line2D([], [], marker=marker, linestyle="", markersize=8, color=KIND_COLOURS[key],
                              label=KIND_NAMES[key]))
    labelled = _labelled(G)
    for node, d in G.nodes(data=True):
        if node not in labelled:
            continue
        x, y = pos[node]
        if d.get("node_type") == "task":
            ax.text(x, y - 0.012, _short(str(d.get("label", ""))), fontsize=4.5, color="#555555",
                    ha="center", va="top", fontfamily=family, zorder=3)
        else:
            ax.text(x, y, str(d.get("label", node)), fontsize=7 if n > 40 else 9, ha="center", va="center",
                    fontfamily=family, zorder=3)
    if bipartite:
        roles = {str(d.get("role", "")).split(";")[0] for *_, d in G.edges(data=True)}
        handles += [Line2D([], [], color=ROLE_COLOURS[r], linewidth=2, label=ROLE_NAMES[r])
                    for r in ROLE_COLOURS if r in roles]
    else:
        handles.append(Line2D([], [], color="#7F7F7F", linewidth=3,
                              label="线宽 = 共同任务数 (width = shared tasks)"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              prop={"family": family, "size": 8})
    title = "部门—任务责任关系图" if bipartite else "部门协作网络（按共同任务数加权）"
    ax.set_title(f"{title}\n{G.graph.get('filter', '')} · {n} nodes, {G.number_of_edges()} edges",
                 fontfamily=family, fontsize=11)
    ax.autoscale_view()
    ax.margins(0.05)
    return fig


def _hover(d: dict) -> str:
    if d.get("node_type") == "task":
        lines = [f"<b>{d.get('label', '')}</b>", f"{d.get('plan', '')}",
                 f"（{d.get('action', '')}）{d.get('number', '')}", f"units: {d.get('units', 0)}"]
        if d.get("deadlines"):
            dl = d["deadlines"]
            lines.append("due: " + (", ".join(dl) if isinstance(dl, list) else str(dl)))
        return "<br>".join(x for x in lines if x.strip())
    lines = [f"<b>{d.get('label', '')}</b>"]
    if d.get("name_en"):
        lines.append(str(d["name_en"]))
    if d.get("department_type"):
        lines.append(f"{d['department_type']} · {d.get('department_type_en', '')}")
    if d.get("jurisdiction"):
        lines.append(str(d["jurisdiction"]))
    lines.append(f"任务 tasks: {d.get('tasks', 0)} — 牵头 lead {d.get('lead', 0)}, 配合 support "
                 f"{d.get('support', 0)}, 落实 implement {d.get('implement', 0)}")
    return "<br>".join(lines)


def _find(G: nx.Graph, focus: str | None):
    if not focus:
        return None
    if focus in G:
        return focus
    return next((n for n, d in G.nodes(data=True) if d.get("label") == focus), None)


def plotly_network(G: nx.Graph, focus: str | None = None):
    """An interactive :class:`plotly.graph_objects.Figure` of ``G``: spring layout, node size by
    task count, hover text with zh/en names and role counts, edge width by weight. Node ``ids``
    (and ``customdata``) are the IRIs, the text the Chinese names. ``focus`` (an IRI or a name)
    is ringed and its neighbours stay bright while the rest fades."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.update_layout(showlegend=True, hovermode="closest", plot_bgcolor="white",
                      font={"family": WEB_FONTS}, margin={"l": 10, "r": 10, "t": 40, "b": 10},
                      xaxis={"visible": False}, yaxis={"visible": False}, legend={"itemsizing": "constant"})
    if G.number_of_nodes() == 0:
        fig.add_annotation(text="没有符合条件的任务 / no task matches", showarrow=False, x=0.5, y=0.5,
                           xref="paper", yref="paper")
        return fig
    pos = layout(G)
    centre = _find(G, focus)
    near = {centre, *G.neighbors(centre)} if centre is not None else set(G)
    bipartite = G.graph.get("graph_kind") == "bipartite"

    most_w = max((d.get("weight", 1) for *_, d in G.edges(data=True)), default=1)
    buckets: dict[tuple[float, str], list] = {}
    mid_x, mid_y, mid_text = [], [], []
    for a, b, d in G.edges(data=True):
        w = d.get("weight", 1)
        width = round(0.5 + 5.5 * w / most_w, 1)
        colour = ROLE_COLOURS.get(str(d.get("role", "")).split(";")[0], "#999999") if bipartite else "#888888"
        if centre is not None and not (a == centre or b == centre):
            colour = "#DDDDDD"
        buckets.setdefault((width, colour), []).append((a, b))
        (xa, ya), (xb, yb) = pos[a], pos[b]
        mid_x.append((xa + xb) / 2)
        mid_y.append((ya + yb) / 2)
        la, lb = G.nodes[a].get("label", a), G.nodes[b].get("label", b)
        if bipartite:
            mid_text.append(f"{la} — {lb}<br>{d.get('role', '')}")
        else:
            roles = d.get("roles", [])
            roles = ", ".join(roles) if isinstance(roles, list) else str(roles)
            mid_text.append(f"{la} — {lb}<br>共同任务 shared tasks: {w}<br>{roles}")
    for (width, colour), pairs in sorted(buckets.items()):
        xs, ys = [], []
        for a, b in pairs:
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"width": width, "color": colour},
                                 hoverinfo="skip", showlegend=False))
    if mid_x:
        fig.add_trace(go.Scatter(x=mid_x, y=mid_y, mode="markers", marker={"size": 6, "opacity": 0},
                                 hovertext=mid_text, hoverinfo="text", showlegend=False, name="edges"))

    most = max((d.get("tasks", 0) for _, d in G.nodes(data=True)), default=0)
    groups: dict[str, list] = {}
    for node, d in G.nodes(data=True):
        key = "task" if d.get("node_type") == "task" else (d.get("kind") or "Department")
        groups.setdefault(key, []).append(node)
    for key in [k for k in KIND_COLOURS if k in groups]:
        nodes = groups[key]
        is_task = key == "task"
        fig.add_trace(go.Scatter(
            x=[pos[v][0] for v in nodes], y=[pos[v][1] for v in nodes], ids=list(nodes), customdata=list(nodes),
            mode="markers" if is_task else "markers+text", name=KIND_NAMES[key],
            text=[str(G.nodes[v].get("label", v)) for v in nodes], textposition="top center",
            textfont={"size": 10},
            hovertext=[_hover(G.nodes[v]) for v in nodes], hoverinfo="text",
            marker={"size": [7 if is_task else _size(G.nodes[v].get("tasks", 0), most, 8, 40) for v in nodes],
                    "symbol": "square" if is_task else "circle", "color": KIND_COLOURS[key],
                    "opacity": [1.0 if v in near else 0.25 for v in nodes],
                    "line": {"width": [4 if v == centre else 1 for v in nodes],
                             "color": ["#000000" if v == centre else "#FFFFFF" for v in nodes]}}))
    title = "部门—任务责任关系图" if bipartite else "部门协作网络（按共同任务数加权）"
    fig.update_layout(title={"text": f"{title} · {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"})
    return fig
