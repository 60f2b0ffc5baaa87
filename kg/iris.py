"""The ONLY place that mints instance IRIs. Everything is under ``https://w3id.org/policykg/id/``:

==========================  ====================================================================
document graph              ``id/graph/{doc}``
vocabulary graph            ``id/graph/vocabulary``
ontology graph              ``id/graph/ontology``
source document             ``id/document/{doc}``
plan                        ``id/plan/{doc}``
action                      ``id/plan/{doc}/action/{i}``          i: 1-based position in the plan
task                        ``id/plan/{doc}/task/{i}.{number}``   i: its action's position
chapter                     ``id/plan/{doc}/chapter/{i}``         i: 1-based position in the plan
project (专栏)              ``id/plan/{doc}/project/{i}``         i: 1-based position in the plan
enterprise (附表 row)       ``id/plan/{doc}/enterprise/{i}``      i: 1-based position in the plan
responsibility              ``{task}/responsibility/{k}``         k: 1-based position in the note
deadline                    ``{task}/deadline/{k}``
target                      ``{owner}/target/{k}``                owner: a plan or a task
span                        ``{node}/span``
responsible unit            ``id/unit/{canonical name}``
jurisdiction                ``id/jurisdiction/{name}``
department type             ``id/department-type/{standard name}``
indicator                   ``id/indicator/{key}``
referenced (parent) plan    ``id/plan-ref/{identifier, else title}``
==========================  ====================================================================

``{doc}`` is the document's file stem (its base name without the extension): ``a/b/x.txt`` → ``x``.
Two documents with the same stem share IRIs, so a build must not take both (``x.txt``,
``x.html``). A stem may not be ``vocabulary`` or ``ontology`` (those graph names are taken).

Every text in a path goes through :func:`segment`: letters (CJK included) and decimal digits of
any script, ``-``, ``_`` and ``.`` stay; every other character is percent-encoded as UTF-8
(``%`` itself too, and the dots of a segment made only of dots). The encoding can be decoded, so
two different texts never give the same segment, and a segment never holds ``/``, so two IRIs
of different kinds never meet.

A task number that repeats inside one action (a numbering slip in the source) gets
``~{occurrence}`` after its number from the second time on (``3.2~2``); ``~`` is percent-encoded
in segments, so that IRI cannot be another task's.
"""

from __future__ import annotations

import unicodedata

from pyoxigraph import NamedNode

from kg.errors import InputError
from kg.memo import per_text
from kg.terms import ID

BASE: str = ID
RESERVED_DOCUMENT_KEYS: frozenset[str] = frozenset({"vocabulary", "ontology"})

VOCABULARY_GRAPH = NamedNode(BASE + "graph/vocabulary")
ONTOLOGY_GRAPH = NamedNode(BASE + "graph/ontology")

_KEEP_PUNCTUATION = frozenset("-_.")


def _kept(char: str) -> bool:
    if char in _KEEP_PUNCTUATION:
        return True
    category = unicodedata.category(char)
    return category[0] == "L" or category == "Nd"


@per_text(1 << 14)  # names, document keys and notations repeat
def segment(text: str) -> str:
    """``text`` as one IRI path segment (see the module doc). ``ValueError`` for an empty text."""
    if not isinstance(text, str):
        raise TypeError(f"an IRI segment is made from a str, not {type(text).__name__}")
    if not text:
        raise ValueError("an IRI segment cannot be made from an empty text")
    if set(text) == {"."}:  # "." and ".." would be removed by IRI resolution
        return "%2E" * len(text)
    out: list[str] = []
    for char in text:
        if _kept(char):
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


@per_text(256)
def document_key(document: str) -> str:
    """The ``{doc}`` of a document: its base name without the last extension.

    ``InputError`` when the stem is empty or is a reserved graph name (rename the file).
    Remembered: asked for every action, task and chapter IRI.
    """
    base = document.replace("\\", "/").rsplit("/", 1)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    if not stem:
        raise InputError(f"cannot make an IRI for the document {document!r}: its name is empty")
    if stem in RESERVED_DOCUMENT_KEYS:
        raise InputError(
            f"a document may not be called {stem!r} (that graph name holds the {stem}); rename the file",
            path=document,
        )
    return stem


def _iri(*segments: str) -> str:
    return BASE + "/".join(segments)


def _position(value: int, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{what} must be a positive int (1-based), not {value!r}")
    return str(value)


def _child(parent: str, *segments: str) -> str:
    if not parent.startswith(BASE):
        raise ValueError(f"{parent} is not a PolicyKG instance IRI (under {BASE})")
    return parent + "/" + "/".join(segments)


# The functions below name a node; those ending in ``_iri`` give its IRI as a str (for writers
# that build N-Quads text, kg.rdf), the others the NamedNode of that IRI.


def document_graph(document: str) -> NamedNode:
    """The named graph holding everything extracted from ``document`` (a file name)."""
    return NamedNode(document_graph_iri(document))


def document_graph_iri(document: str) -> str:
    return _iri("graph", segment(document_key(document)))


def source_document(document: str) -> NamedNode:
    return NamedNode(source_document_iri(document))


def source_document_iri(document: str) -> str:
    return _iri("document", segment(document_key(document)))


def plan(document: str) -> NamedNode:
    return NamedNode(plan_iri(document))


def plan_iri(document: str) -> str:
    return _iri("plan", segment(document_key(document)))


def action(document: str, position: int) -> NamedNode:
    """The action at 1-based ``position`` in the plan of ``document``."""
    return NamedNode(action_iri(document, position))


def action_iri(document: str, position: int) -> str:
    return _iri("plan", segment(document_key(document)), "action", _position(position, "an action position"))


def task(document: str, action_position: int, number: str, occurrence: int = 1) -> NamedNode:
    """Task ``number`` of the action at ``action_position``; ``occurrence`` > 1 for a number that
    repeats inside that action."""
    return NamedNode(task_iri(document, action_position, number, occurrence))


def task_iri(document: str, action_position: int, number: str, occurrence: int = 1) -> str:
    local = _position(action_position, "an action position") + "." + segment(number)
    if _position(occurrence, "an occurrence") != "1":
        local += f"~{occurrence}"
    return _iri("plan", segment(document_key(document)), "task", local)


def chapter(document: str, position: int) -> NamedNode:
    """The chapter at 1-based ``position`` in the plan of ``document``."""
    return NamedNode(chapter_iri(document, position))


def chapter_iri(document: str, position: int) -> str:
    return _iri("plan", segment(document_key(document)), "chapter", _position(position, "a chapter position"))


def project(document: str, position: int) -> NamedNode:
    """The project (a named work of a 专栏 box) at 1-based ``position`` in the plan of ``document``."""
    return NamedNode(project_iri(document, position))


def project_iri(document: str, position: int) -> str:
    return _iri("plan", segment(document_key(document)), "project", _position(position, "a project position"))


def enterprise(document: str, position: int) -> NamedNode:
    """The enterprise (a row of an appendix list) at 1-based ``position`` in the plan of ``document``."""
    return NamedNode(enterprise_iri(document, position))


def enterprise_iri(document: str, position: int) -> str:
    return _iri("plan", segment(document_key(document)), "enterprise",
                _position(position, "an enterprise position"))


def responsibility(task_iri: NamedNode, k: int) -> NamedNode:
    return NamedNode(responsibility_iri(task_iri.value, k))


def responsibility_iri(task_iri: str, k: int) -> str:
    return _child(task_iri, "responsibility", _position(k, "a responsibility position"))


def deadline(task_iri: NamedNode, k: int) -> NamedNode:
    return NamedNode(deadline_iri(task_iri.value, k))


def deadline_iri(task_iri: str, k: int) -> str:
    return _child(task_iri, "deadline", _position(k, "a deadline position"))


def target(owner: NamedNode, k: int) -> NamedNode:
    """Target ``k`` of a plan or a task."""
    return NamedNode(target_iri(owner.value, k))


def target_iri(owner: str, k: int) -> str:
    return _child(owner, "target", _position(k, "a target position"))


def span(node: NamedNode) -> NamedNode:
    """The text span of a node."""
    return NamedNode(span_iri(node.value))


def span_iri(node: str) -> str:
    return _child(node, "span")


def unit(canonical: str) -> NamedNode:
    """A responsible unit, by canonical name (jurisdiction + standard name)."""
    return NamedNode(unit_iri(canonical))


def unit_iri(canonical: str) -> str:
    return _iri("unit", segment(canonical))


def jurisdiction(name: str) -> NamedNode:
    return NamedNode(jurisdiction_iri(name))


def jurisdiction_iri(name: str) -> str:
    return _iri("jurisdiction", segment(name))


def department_type(standard_name: str) -> NamedNode:
    return NamedNode(department_type_iri(standard_name))


def department_type_iri(standard_name: str) -> str:
    return _iri("department-type", segment(standard_name))


def indicator(key: str) -> NamedNode:
    return NamedNode(indicator_iri(key))


def indicator_iri(key: str) -> str:
    return _iri("indicator", segment(key))


def plan_reference(title: str, identifier: str | None = None) -> NamedNode:
    """A plan named as a basis of another: by its 文号 when known (so every document citing it
    meets on one node), else by its title."""
    return NamedNode(plan_reference_iri(title, identifier))


def plan_reference_iri(title: str, identifier: str | None = None) -> str:
    return _iri("plan-ref", segment(identifier if identifier else title))
