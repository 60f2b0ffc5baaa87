"""The Gradio web UI: ``create_app(graph_dir)`` builds the page, ``launch(graph_dir, host, port)``
serves it (``kg ui`` / ``python ui.py`` / ``make run``). Gradio is imported only when used."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def create_app(graph_dir: str | Path):
    from kg.ui.app import create_app as _create

    return _create(graph_dir)


def launch(graph_dir: str | Path, host: str = "127.0.0.1", port: int = 7860, **kwargs: Any):
    """Serve the UI for the built graph in ``graph_dir`` on http://HOST:PORT (loopback by default)."""
    from kg.ui.app import launch as _launch

    return _launch(graph_dir, host=host, port=port, **kwargs)


__all__ = ["create_app", "launch"]
