"""Extraction: draft annotations from documents, and score drafts against reviewed gold.

`ingest` turns a document file into the plain text that is annotated; `draft` proposes the
annotation of that text for a person to review; `evaluate` scores a draft against a gold.
"""
