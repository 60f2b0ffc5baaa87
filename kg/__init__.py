"""PolicyKG: Chinese government action plans → a queryable RDF knowledge graph.

The package is organised by pipeline stage (see DESIGN.md §2):

    kg.documents   load, decode and clean a document, keeping a map back to the original text
    kg.extract     outline, responsibility notes, departments, deadlines, targets → kg.records
    kg.rdf         records → RDF quads (the only place that mints IRIs / uses ontology terms,
                   through kg.iris and kg.terms)
    kg.build       documents → graph files on disk (atomic, deterministic)
    kg.store       open the built graph for SPARQL
    kg.cli         the ``kg`` command, a thin layer over the above
"""

__version__ = "0.1.0"
