"""`alliance-kg push`: the store's graphs to a SPARQL 1.1 Graph Store Protocol endpoint."""


def push() -> None:
    """Not yet."""
