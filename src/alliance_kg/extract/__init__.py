"""Drafting annotation files from a document's plain text, for a person to review."""
