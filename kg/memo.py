"""Remembering pure functions of one text.

The extractor and the IRI minter are asked about the same names, notes, keys and paragraphs again
and again (within a plan and across plans); their answers depend only on the text and on fixed
rules and bundled vocabularies, so they are remembered per text. Anything but a ``str`` goes to
the function itself (it answers or fails as it would), and a call that raises is not remembered.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

_R = TypeVar("_R")


def per_text(maxsize: int) -> Callable[[Callable[[str], _R]], Callable[[str], _R]]:
    """Decorator: remember ``fn(text)`` for up to ``maxsize`` texts (``fn.cache_clear()`` forgets)."""

    def decorate(fn: Callable[[str], _R]) -> Callable[[str], _R]:
        remembered = functools.lru_cache(maxsize=maxsize)(fn)

        @functools.wraps(fn)
        def per_text_call(text: str) -> _R:
            return remembered(text) if type(text) is str else fn(text)

        per_text_call.cache_clear = remembered.cache_clear  # type: ignore[attr-defined]
        return per_text_call

    return decorate
