"""The lot editor's provenance tabs: plots, custody and lineage, evidence, and the verdict."""
