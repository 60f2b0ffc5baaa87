"""The ontology terms, as constants: the one place code names a class or property.

Each namespace is a class whose attributes are :class:`pyoxigraph.NamedNode` s (the fast path:
``kg.rdf`` builds quads from them directly)::

    from kg.terms import POL, DCTERMS, RDF
    Quad(task, RDF.type, POL.Task, graph)

Only terms declared in ``ontology/policykg.ttl`` appear in the PolicyKG and reused namespaces
(``POL``, ``DCTERMS``, ``PROV``, ``ORG``, ``TIME``, ``SKOS``, ``OA``); a test checks both ways.
``RDF``, ``RDFS``, ``OWL`` and ``XSD`` hold the built-in terms the code uses.

Code that works with rdflib gets the same terms with :func:`uri` / :func:`to_rdflib`; rdflib is
imported only then.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Union

from pyoxigraph import BlankNode, Literal, NamedNode

if TYPE_CHECKING:  # pragma: no cover - typing only
    import rdflib

ONTOLOGY_DIR: Path = Path(__file__).resolve().parent.parent / "ontology"
ONTOLOGY_FILE: Path = ONTOLOGY_DIR / "policykg.ttl"  #: the OWL ontology (Turtle; source of truth)
SHAPES_FILE: Path = ONTOLOGY_DIR / "shapes.ttl"  #: the SHACL shapes

#: Base of every instance IRI (minted by :mod:`kg.iris` only).
ID: str = "https://w3id.org/policykg/id/"

#: The ontology's own IRI (``owl:Ontology``); terms are in ``POL.NS`` (with ``#``).
ONTOLOGY_IRI = NamedNode("https://w3id.org/policykg/ontology")


class Namespace:
    """Base of the namespace classes: ``NS`` is the namespace IRI, the other upper/lower-case
    attributes are its terms."""

    NS: str = ""

    @classmethod
    def terms(cls) -> dict[str, NamedNode]:
        """Local name → term, for every term constant of this namespace."""
        found: dict[str, NamedNode] = {}
        for klass in reversed(cls.__mro__):
            for name, value in vars(klass).items():
                if isinstance(value, NamedNode) and not name.startswith("_"):
                    found[name] = value
        return found

    @classmethod
    def term(cls, local: str) -> NamedNode:
        """The term ``local`` of this namespace; ``KeyError`` when it is not a declared constant
        (so a typo cannot mint an undeclared term)."""
        return cls.terms()[local]


class POL(Namespace):
    """PolicyKG ontology: ``https://w3id.org/policykg/ontology#``."""

    NS = "https://w3id.org/policykg/ontology#"
    # classes
    Plan = NamedNode(NS + "Plan")
    PlanReference = NamedNode(NS + "PlanReference")
    Action = NamedNode(NS + "Action")
    Task = NamedNode(NS + "Task")
    Target = NamedNode(NS + "Target")
    Deadline = NamedNode(NS + "Deadline")
    ResponsibleUnit = NamedNode(NS + "ResponsibleUnit")
    Department = NamedNode(NS + "Department")
    Government = NamedNode(NS + "Government")
    CollectiveUnit = NamedNode(NS + "CollectiveUnit")
    ExternalOrganization = NamedNode(NS + "ExternalOrganization")
    Responsibility = NamedNode(NS + "Responsibility")
    Role = NamedNode(NS + "Role")
    DepartmentType = NamedNode(NS + "DepartmentType")
    Indicator = NamedNode(NS + "Indicator")
    Jurisdiction = NamedNode(NS + "Jurisdiction")
    SourceDocument = NamedNode(NS + "SourceDocument")
    TextSpan = NamedNode(NS + "TextSpan")
    Chapter = NamedNode(NS + "Chapter")
    Project = NamedNode(NS + "Project")
    Enterprise = NamedNode(NS + "Enterprise")
    # concept schemes and role concepts
    Roles = NamedNode(NS + "Roles")
    DepartmentTypes = NamedNode(NS + "DepartmentTypes")
    Indicators = NamedNode(NS + "Indicators")
    LeadRole = NamedNode(NS + "LeadRole")
    SupportRole = NamedNode(NS + "SupportRole")
    ImplementRole = NamedNode(NS + "ImplementRole")
    # object properties
    hasAction = NamedNode(NS + "hasAction")
    hasTask = NamedNode(NS + "hasTask")
    partOfPlan = NamedNode(NS + "partOfPlan")
    inAction = NamedNode(NS + "inAction")
    responsibleUnit = NamedNode(NS + "responsibleUnit")
    ledBy = NamedNode(NS + "ledBy")
    supportedBy = NamedNode(NS + "supportedBy")
    implementedBy = NamedNode(NS + "implementedBy")
    hasResponsibility = NamedNode(NS + "hasResponsibility")
    agent = NamedNode(NS + "agent")
    role = NamedNode(NS + "role")
    hasDeadline = NamedNode(NS + "hasDeadline")
    hasTarget = NamedNode(NS + "hasTarget")
    indicator = NamedNode(NS + "indicator")
    jurisdiction = NamedNode(NS + "jurisdiction")
    within = NamedNode(NS + "within")
    basedOn = NamedNode(NS + "basedOn")
    departmentType = NamedNode(NS + "departmentType")
    span = NamedNode(NS + "span")
    hasChapter = NamedNode(NS + "hasChapter")
    inChapter = NamedNode(NS + "inChapter")
    hasProject = NamedNode(NS + "hasProject")
    mentionedIn = NamedNode(NS + "mentionedIn")
    listsEnterprise = NamedNode(NS + "listsEnterprise")
    concernsEnterprise = NamedNode(NS + "concernsEnterprise")
    # datatype properties
    order = NamedNode(NS + "order")
    text = NamedNode(NS + "text")
    responsibilityNote = NamedNode(NS + "responsibilityNote")
    roleWords = NamedNode(NS + "roleWords")
    nameAsWritten = NamedNode(NS + "nameAsWritten")
    joint = NamedNode(NS + "joint")
    declared = NamedNode(NS + "declared")
    asWritten = NamedNode(NS + "asWritten")
    precision = NamedNode(NS + "precision")
    hedged = NamedNode(NS + "hedged")
    inferred = NamedNode(NS + "inferred")
    recurring = NamedNode(NS + "recurring")
    indicatorText = NamedNode(NS + "indicatorText")
    comparator = NamedNode(NS + "comparator")
    value = NamedNode(NS + "value")
    valueText = NamedNode(NS + "valueText")
    unit = NamedNode(NS + "unit")
    targetYear = NamedNode(NS + "targetYear")
    baselineValue = NamedNode(NS + "baselineValue")
    baselineYear = NamedNode(NS + "baselineYear")
    nature = NamedNode(NS + "nature")
    scope = NamedNode(NS + "scope")
    periodStart = NamedNode(NS + "periodStart")
    periodEnd = NamedNode(NS + "periodEnd")
    titleInferred = NamedNode(NS + "titleInferred")
    level = NamedNode(NS + "level")
    line = NamedNode(NS + "line")
    endLine = NamedNode(NS + "endLine")
    fileName = NamedNode(NS + "fileName")
    actionKind = NamedNode(NS + "actionKind")
    box = NamedNode(NS + "box")
    category = NamedNode(NS + "category")
    industry = NamedNode(NS + "industry")
    county = NamedNode(NS + "county")
    township = NamedNode(NS + "township")
    sourceTable = NamedNode(NS + "sourceTable")
    sha256 = NamedNode(NS + "sha256")
    characters = NamedNode(NS + "characters")


class DCTERMS(Namespace):
    """Dublin Core terms: ``http://purl.org/dc/terms/``."""

    NS = "http://purl.org/dc/terms/"
    Location = NamedNode(NS + "Location")
    title = NamedNode(NS + "title")
    identifier = NamedNode(NS + "identifier")
    issued = NamedNode(NS + "issued")
    modified = NamedNode(NS + "modified")
    description = NamedNode(NS + "description")
    creator = NamedNode(NS + "creator")
    license = NamedNode(NS + "license")
    publisher = NamedNode(NS + "publisher")
    hasPart = NamedNode(NS + "hasPart")
    isPartOf = NamedNode(NS + "isPartOf")
    relation = NamedNode(NS + "relation")


class PROV(Namespace):
    """PROV-O: ``http://www.w3.org/ns/prov#``."""

    NS = "http://www.w3.org/ns/prov#"
    Plan = NamedNode(NS + "Plan")
    Entity = NamedNode(NS + "Entity")
    Agent = NamedNode(NS + "Agent")
    Role = NamedNode(NS + "Role")
    wasDerivedFrom = NamedNode(NS + "wasDerivedFrom")
    agent = NamedNode(NS + "agent")
    hadRole = NamedNode(NS + "hadRole")


class ORG(Namespace):
    """W3C Organization ontology: ``http://www.w3.org/ns/org#``."""

    NS = "http://www.w3.org/ns/org#"
    Organization = NamedNode(NS + "Organization")


class TIME(Namespace):
    """OWL-Time: ``http://www.w3.org/2006/time#``."""

    NS = "http://www.w3.org/2006/time#"
    Instant = NamedNode(NS + "Instant")
    inXSDDate = NamedNode(NS + "inXSDDate")


class SKOS(Namespace):
    """SKOS: ``http://www.w3.org/2004/02/skos/core#``."""

    NS = "http://www.w3.org/2004/02/skos/core#"
    Concept = NamedNode(NS + "Concept")
    ConceptScheme = NamedNode(NS + "ConceptScheme")
    prefLabel = NamedNode(NS + "prefLabel")
    altLabel = NamedNode(NS + "altLabel")
    notation = NamedNode(NS + "notation")
    inScheme = NamedNode(NS + "inScheme")


class OA(Namespace):
    """Web Annotation: ``http://www.w3.org/ns/oa#``."""

    NS = "http://www.w3.org/ns/oa#"
    TextPositionSelector = NamedNode(NS + "TextPositionSelector")
    TextQuoteSelector = NamedNode(NS + "TextQuoteSelector")
    hasSelector = NamedNode(NS + "hasSelector")
    start = NamedNode(NS + "start")
    end = NamedNode(NS + "end")
    exact = NamedNode(NS + "exact")


class RDF(Namespace):
    """RDF built-ins used by the code."""

    NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    type = NamedNode(NS + "type")


class RDFS(Namespace):
    """RDFS built-ins used by the code."""

    NS = "http://www.w3.org/2000/01/rdf-schema#"
    label = NamedNode(NS + "label")
    comment = NamedNode(NS + "comment")
    subClassOf = NamedNode(NS + "subClassOf")
    subPropertyOf = NamedNode(NS + "subPropertyOf")


class OWL(Namespace):
    """OWL built-ins used by the code."""

    NS = "http://www.w3.org/2002/07/owl#"
    Class = NamedNode(NS + "Class")
    ObjectProperty = NamedNode(NS + "ObjectProperty")
    DatatypeProperty = NamedNode(NS + "DatatypeProperty")
    AnnotationProperty = NamedNode(NS + "AnnotationProperty")
    NamedIndividual = NamedNode(NS + "NamedIndividual")
    Ontology = NamedNode(NS + "Ontology")
    disjointWith = NamedNode(NS + "disjointWith")


class XSD(Namespace):
    """XML Schema datatypes used by the code."""

    NS = "http://www.w3.org/2001/XMLSchema#"
    string = NamedNode(NS + "string")
    integer = NamedNode(NS + "integer")
    decimal = NamedNode(NS + "decimal")
    boolean = NamedNode(NS + "boolean")
    date = NamedNode(NS + "date")


#: Namespaces whose terms must be declared in ``ontology/policykg.ttl`` (and vice versa).
DECLARED_NAMESPACES: tuple[type[Namespace], ...] = (POL, DCTERMS, PROV, ORG, TIME, SKOS, OA)
#: Built-in namespaces (not declared in the ontology).
BUILTIN_NAMESPACES: tuple[type[Namespace], ...] = (RDF, RDFS, OWL, XSD)

#: Prefix → namespace IRI, for serialisers and SPARQL prologues.
PREFIXES: dict[str, str] = {
    "pol": POL.NS,
    "id": ID,
    "dcterms": DCTERMS.NS,
    "prov": PROV.NS,
    "org": ORG.NS,
    "time": TIME.NS,
    "skos": SKOS.NS,
    "oa": OA.NS,
    "xsd": XSD.NS,
    "rdf": RDF.NS,
    "rdfs": RDFS.NS,
    "owl": OWL.NS,
}


def declared_terms() -> set[NamedNode]:
    """Every term of :data:`DECLARED_NAMESPACES` plus :data:`ONTOLOGY_IRI`."""
    found = {ONTOLOGY_IRI}
    for namespace in DECLARED_NAMESPACES:
        found.update(namespace.terms().values())
    return found


def sparql_prefixes() -> str:
    """``PREFIX`` lines for :data:`PREFIXES` (sorted, one per line)."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(PREFIXES.items()))


def compact(iri: str) -> str:
    """``pol:Task`` for a known namespace, else ``<iri>`` (for readable reports)."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


# -- rdflib ----------------------------------------------------------------------------------

OxTerm = Union[NamedNode, BlankNode, Literal]


def uri(node: NamedNode) -> "rdflib.URIRef":
    """The same IRI as an rdflib ``URIRef``."""
    import rdflib

    return rdflib.URIRef(node.value)


def to_rdflib(term: OxTerm) -> "rdflib.term.Identifier":
    """A pyoxigraph term as the equal rdflib term.

    ``xsd:string`` literals become plain rdflib literals (RDF 1.1 makes them the same), so rdflib
    tools (pyshacl's ``sh:datatype xsd:string``) see them as rdflib parses them from a file.
    """
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype == XSD.string:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"not an RDF term: {term!r}")
