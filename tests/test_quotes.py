"""Direct quotations and their speakers (core/quotes.py)."""

from __future__ import annotations

import pytest

from core.extract.quotes import MIN_WORDS, Named, Quote, attribute, find_quotes, is_short


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
    assert find_quotes("Pékin parle d'une « amitié de fer » avec Islamabad.", MIN_WORDS) == []
    assert find_quotes('Washington calls it an "ironclad" bond.') == []
    scare = find_quotes("Pékin parle d'une « amitié de fer » avec Islamabad.")
    assert len(scare) == 1 and is_short(scare[0])
    text = "Pékin parle d'une « amitié de fer » avec Islamabad."
    assert attribute(text, scare[0], 0, len(text), []) is None


def test_short_quote_tied_to_a_name_by_a_speech_verb_is_kept() -> None:
    text = 'Le colonel Issa avait dénoncé la "politique hostile" de son voisin.'
    quote = find_quotes(text)[0]
    assert quote.text == "politique hostile"
    assert attribute(text, quote, 0, len(text), [Named(11, 15, "p0")]) == "p0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Il a dit : „Wir sind bereit für die Zukunft“, puis il est parti.", "Wir sind bereit"),
        ("”Our navy will grow this decade,” he said.", "Our navy will"),
        ("“The jets arrive in June with the new F-35″ engines, she said.", "The jets arrive"),
    ],
)
def test_odd_quote_marks(text: str, expected: str) -> None:
    assert find_quotes(text)[0].text.startswith(expected)


def test_quote_cut_by_the_end_of_the_text() -> None:
    quotes = find_quotes("The admiral said: “We will keep patrolling the strait until the Pent")
    assert quotes[-1].text.endswith("until the Pent")


def test_name_then_verb_after_the_quote() -> None:
    text = "“We will sign the contract next month,” Haddad said on Monday."
    quote = find_quotes(text)[0]
    assert attribute(text, quote, 0, len(text), [Named(40, 46, "p1")]) == "p1"


def test_a_second_quote_continues_the_first_speaker() -> None:
    text = "“The talks went well,” Haddad said in Rome. “We will meet again soon.”"
    first, second = find_quotes(text)
    named = [Named(23, 29, "p1")]
    assert attribute(text, first, 0, 43, named) == "p1"
    assert attribute(text, second, 44, len(text), named, (first, "p1")) == "p1"


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


@pytest.mark.parametrize(
    "text",
    [
        "Le ministre Karim Tazi a signé. « La coopération sera renforcée », indique le communiqué.",
        "Minister Karim Tazi signed. “Cooperation will deepen,” the joint statement said.",
    ],
)
def test_a_communique_quote_is_not_given_to_a_person(text: str) -> None:
    quote = find_quotes(text)[0]
    assert attribute(text, quote, 0, len(text), [Named(11, 21, "p0")]) is None


def test_closing_mark_after_a_stray_space_still_closes() -> None:
    text = '"Our two navies will train together again next year, " Defence Minister Haddad said.'
    quote = find_quotes(text)[0]
    assert quote.text.endswith("next year")
    assert attribute(text, quote, 0, len(text), [Named(72, 78, "p1")]) == "p1"


def test_inverted_pronoun_with_a_speech_verb_after_the_quote() -> None:
    text = (
        "La ministre Ana Ruiz est à Dakar. "
        "« Nos deux pays sont des partenaires sûrs », a-t-elle relevé."
    )
    quote = find_quotes(text)[0]
    assert attribute(text, quote, 34, len(text), [Named(12, 20, "p0")]) == "p0"


def test_the_pronouns_that_stand_for_a_speaker_are_read_from_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from core.extract import quotes

    text = "Minister Ana Ruiz is in Dakar. She then added: “Our two countries are partners.”"
    quote = find_quotes(text)[0]
    ruiz = [Named(9, 17, "p0")]
    assert attribute(text, quote, 31, len(text), ruiz) == "p0"
    real = quotes.data_json

    def without_she(path):  # type: ignore[no-untyped-def]
        raw = real(path)
        if path != quotes.CUES_FILE:
            return raw
        return {**raw, "pronouns_before": [w for w in raw["pronouns_before"] if w != "she"]}

    monkeypatch.setattr(quotes, "data_json", without_she)
    quotes._pronoun_before.cache_clear()
    try:
        assert attribute(text, quote, 31, len(text), ruiz) is None
    finally:
        quotes._pronoun_before.cache_clear()


def test_a_cue_list_missing_from_the_data_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.extract import quotes

    monkeypatch.setattr(quotes, "data_json", lambda path: {})
    with pytest.raises(
        ValueError, match=r"quote_cues\.json: 'pronouns_before' must be a non-empty list"
    ):
        quotes._cue_words("pronouns_before")
