"""Direct quotations and their speakers (core/quotes.py)."""

from __future__ import annotations

from core.extract.quotes import MIN_WORDS, Named, Quote, attribute, find_quotes


def _named(text: str, name: str, key: str) -> Named:
    start = text.index(name)
    return Named(start, start + len(name), key)


def _one(text: str) -> Quote:
    quotes = find_quotes(text)
    assert len(quotes) == 1
    return quotes[0]


def test_french_guillemets() -> None:
    text = "« Nous renforcerons notre coopération navale avec l'Inde », a déclaré Luca Ferri."
    quote = _one(text)
    assert quote.text == "Nous renforcerons notre coopération navale avec l'Inde"
    assert text[quote.start : quote.end] == quote.text


def test_curly_and_straight_quotes() -> None:
    curly = "“We will deliver the jets next year,” said Ruth Adler."
    straight = '"We will deliver the jets next year," said Ruth Adler.'
    for text in (curly, straight):
        quote = _one(text)
        assert quote.text == "We will deliver the jets next year"
        assert text[quote.start : quote.end] == quote.text


def test_short_scare_quotes_are_not_quotations() -> None:
    assert MIN_WORDS >= 3
    assert find_quotes("Pékin parle d'une « amitié de fer » avec Islamabad.") == []
    assert find_quotes('Washington calls it an "ironclad" bond.') == []


def test_two_quotations_in_order() -> None:
    text = (
        "« La marine indienne recevra trois frégates », a dit le ministre. "
        "Il a ajouté : « Les premiers marins seront formés à Brest. »"
    )
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == [
        "La marine indienne recevra trois frégates",
        "Les premiers marins seront formés à Brest.",
    ]


def test_speaker_named_after_the_quote() -> None:
    text = "« Nous renforcerons notre coopération navale avec l'Inde », a déclaré Luca Ferri."
    people = [_named(text, "Luca Ferri", "p0")]
    assert attribute(text, _one(text), 0, len(text), people) == "p0"


def test_speaker_named_before_the_quote() -> None:
    text = "Omar Salem a répondu : « Nous voulons davantage de formation italienne. »"
    people = [_named(text, "Omar Salem", "p3")]
    assert attribute(text, _one(text), 0, len(text), people) == "p3"


def test_speaker_after_wins_over_a_person_named_before_without_speech_verb() -> None:
    text = (
        "Reçu par Anna Bruni, « nous voulons davantage de formation italienne », "
        "a déclaré Omar Salem."
    )
    people = [_named(text, "Anna Bruni", "p0"), _named(text, "Omar Salem", "p1")]
    assert attribute(text, _one(text), 0, len(text), people) == "p1"


def test_pronoun_points_back_to_the_last_person_named() -> None:
    text = (
        "Wang Lei est arrivé à Islamabad. "
        "« Nous livrerons les avions avant la fin de l'année », a-t-il dit."
    )
    people = [_named(text, "Wang Lei", "p0")]
    second = text.index("«")
    assert attribute(text, _one(text), second, len(text), people) == "p0"


def test_english_pronoun() -> None:
    text = 'Ruth Adler landed in Delhi. "We will deliver the radars next year," she said.'
    people = [_named(text, "Ruth Adler", "p2")]
    second = text.index('"')
    assert attribute(text, _one(text), second, len(text), people) == "p2"


def test_nobody_named_gives_no_speaker() -> None:
    text = "« Nous renforcerons notre coopération navale avec l'Inde », selon un communiqué."
    assert attribute(text, _one(text), 0, len(text), []) is None
