"""The default data: the border line, markers and the facts of the source documents, each record
with its provenance."""
