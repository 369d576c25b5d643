from alliance_kg.text import DocumentText

TEXT = (
    "Title line\n\nToday, President Donald J. Trump met at the White House. "
    "The U.S. Department of Energy and Japan’s RIKEN signed it.\nNext  paragraph here."
)


def test_quotes_match_typographic_apostrophes_and_spacing_loosely():
    doc = DocumentText(TEXT)
    span = doc.find("Japan's RIKEN")
    assert span is not None
    assert TEXT[span.start : span.end] == "Japan’s RIKEN"
    span = doc.find("Next paragraph")
    assert TEXT[span.start : span.end] == "Next  paragraph"
    assert doc.find("not in the text") is None


def test_sentences_do_not_break_at_initials_or_us():
    doc = DocumentText(TEXT)
    sentences = [TEXT[s.start : s.end] for s in doc.sentences()]
    assert "Today, President Donald J. Trump met at the White House." in sentences
    assert "The U.S. Department of Energy and Japan’s RIKEN signed it." in sentences
    span = doc.find("RIKEN")
    s = doc.sentence(span)
    assert TEXT[s.start : s.end].startswith("The U.S. Department")


def test_find_word_is_whole_word():
    doc = DocumentText("USA and US are different; FOCUS too.")
    span = doc.find_word("US")
    assert (span.start, span.end) == (8, 10)


def test_find_word_matches_the_whole_word_regex():
    # find_word scans with str.find and checks the boundaries by hand: the same first match as
    # ``(?<!\w)NAME(?!\w)``, Unicode word characters, punctuation and overlaps included
    import random
    import re

    rng = random.Random(7)
    alphabet = "ab _.-é1’²\n"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3)))
        m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        span = DocumentText(text).find_word(name)
        assert (None if span is None else (span.start, span.end)) == (
            None if m is None else m.span()
        ), (text, name)
