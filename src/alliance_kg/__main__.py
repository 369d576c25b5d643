"""`python -m alliance_kg` is the `alliance-kg` command."""

from .cli import main

main()
