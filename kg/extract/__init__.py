"""Extraction: a loaded :class:`~kg.documents.Document` → a :class:`~kg.records.Plan`.

The stages, each in its own module:

* :mod:`kg.extract.outline` — sections, actions （一）, numbered tasks;
* :mod:`kg.extract.metadata` — title, 文号, issuer, date, period, jurisdiction, parent plans;
* :mod:`kg.extract.responsibility` — the note after each task → (role, unit) mentions;
* :mod:`kg.extract.departments` — mentions → canonical units within the plan's jurisdiction;
* :mod:`kg.extract.deadlines` — time expressions → deadlines;
* :mod:`kg.extract.targets` — quantitative clauses → targets;
* :mod:`kg.extract.pipeline` — puts them together: :func:`extract`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.documents import Document
    from kg.records import Plan, Problem

__all__ = ["extract"]


def extract(doc: Document) -> tuple[Plan, list[Problem]]:
    """Read one document into a plan (see :func:`kg.extract.pipeline.extract`)."""
    from kg.extract.pipeline import extract as _extract

    return _extract(doc)
