"""Extraction: draft annotations from documents, and score drafts against reviewed gold."""
