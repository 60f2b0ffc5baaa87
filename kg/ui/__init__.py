"""The Gradio web UI (placeholder until the full app lands): ``launch(graph_dir, host, port)``."""

from __future__ import annotations

from pathlib import Path


def launch(graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7860) -> None:
    import gradio as gr

    from kg.tasks import task_records

    rows = task_records(graph_dir)
    with gr.Blocks(title="PolicyKG") as app:
        gr.Markdown(f"# PolicyKG\n{len(rows)} tasks in the graph at `{graph_dir}`.")
    app.launch(server_name=host, server_port=port)
