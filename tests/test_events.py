"""Events from sentences: type, countries, direction, status, date, domains
(core/events.py, through core/extract.py with the real pipelines)."""

from __future__ import annotations

from spacy.language import Language

from core.extract.article import extract
from core.extract.dates import DateMention, parse_anchor
from core.extract.events import pick_date, sentence_event
from core.extract.rows import EventRow
from core.extract.sentence_facts import SentenceFacts
from core.extract.taxonomy import load_taxonomy

PUBLISHED = "2024-03-15"  # a Friday


def _events(
    nlp: Language, text: str, language: str = "fr", published: str | None = PUBLISHED
) -> tuple[EventRow, ...]:
    events = extract(nlp(text), "art1", language, published).events
    for e in events:
        assert text[e.start : e.end] == e.excerpt
    return events


def _one(nlp: Language, text: str, language: str = "fr", published: str | None = PUBLISHED):
    events = _events(nlp, text, language, published)
    assert len(events) == 1, events
    return events[0]


def test_visit_direction_location_and_weekday(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien de la Défense, Rajiv Menon, est arrivé à Paris mardi pour une visite."
    )
    event = _one(nlp_fr_model, text)
    assert event.type == "visit"
    assert set(event.countries) == {"IN", "FR"}
    assert (event.actor_country, event.target_country) == ("IN", "FR")
    assert event.location == "Paris"
    assert (event.date, event.date_precision, event.date_text) == (
        "2024-03-12",
        "day",
        "mardi",
    )
    assert event.status == "reported"
    assert len(event.actor_keys) == 1
    assert event.cues and any("visite" in c or "arriv" in c for c in event.cues)
    assert 0 < event.confidence <= 1


def test_visit_with_reflexive_verb(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "Le ministre pakistanais s'est rendu à Pékin jeudi.")
    assert event.type == "visit"
    assert (event.actor_country, event.target_country) == ("PK", "CN")
    assert event.date == "2024-03-14"


def test_visit_with_transitive_verb(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "Le ministre indien a visité Paris jeudi.")
    assert (event.actor_country, event.target_country) == ("IN", "FR")
    assert event.location == "Paris"


def test_meeting_countries_from_demonyms(nlp_fr_model: Language) -> None:
    text = "Le ministre italien Paolo Greco a rencontré à Tripoli son homologue libyen."
    event = _one(nlp_fr_model, text)
    assert event.type == "meeting"
    assert set(event.countries) == {"IT", "LY"}
    assert event.location == "Tripoli"
    assert "diplomacy_dialogue" in event.domains


def test_procurement_supplier_to_buyer(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "La France a livré des avions de combat à l'Inde en 2019.")
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("FR", "IN")
    assert (event.date, event.date_precision) == ("2019", "year")
    assert "arms_procurement" in event.domains


def test_procurement_from_supplier_in_english(nlp_en_model: Language) -> None:
    event = _one(nlp_en_model, "Pakistan bought fighter jets from China in 2022.", "en")
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("CN", "PK")


def test_procurement_aupres_de_la(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "L'Égypte a acquis des hélicoptères auprès de la Russie.")
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("RU", "EG")


def test_sale_is_procurement(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "La Chine a vendu des chasseurs au Pakistan.")
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("CN", "PK")


def test_negated_agreement(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "L'Italie n'a pas signé d'accord avec la Libye.")
    assert event.type == "agreement"
    assert event.status == "negated"


def test_planned_visit_resolves_month_forward(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "Le ministre pakistanais doit se rendre à Pékin en mai.")
    assert event.status == "planned"
    assert (event.date, event.date_precision) == ("2024-05", "month")


def test_future_tense_visit_is_planned(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "Le ministre pakistanais se rendra à Pékin en mai.")
    assert event.status == "planned"
    assert event.date == "2024-05"


def test_historical_from_old_date(nlp_fr_model: Language) -> None:
    event = _one(nlp_fr_model, "En 1998, l'Égypte et la Russie avaient signé un accord militaire.")
    assert event.type == "agreement"
    assert event.status == "historical"
    assert (event.date, event.date_precision) == ("1998", "year")


def test_relative_date_needs_publication_date(nlp_fr_model: Language) -> None:
    undated = _one(nlp_fr_model, "Le ministre indien s'est rendu à Paris mardi.", published=None)
    assert (undated.date, undated.date_precision, undated.date_text) == (None, None, None)
    dated = _one(
        nlp_fr_model, "Le ministre indien s'est rendu à Paris le 12 mars 2024.", published=None
    )
    assert dated.date == "2024-03-12"


def test_domains_of_an_agreement(nlp_fr_model: Language) -> None:
    text = (
        "L'Égypte et la Russie ont signé un accord sur la lutte antiterroriste et le renseignement."
    )
    event = _one(nlp_fr_model, text)
    assert set(event.domains) >= {"counter_terrorism", "intelligence_sharing"}
    assert "arms_procurement" not in event.domains


def test_countries_borrowed_from_the_previous_sentence(nlp_fr_model: Language) -> None:
    text = (
        "La France et l'Inde ont signé un accord naval. "
        "La Chine et le Pakistan ont signé un contrat. "
        "Ces discussions ont porté sur le renseignement."
    )
    events = _events(nlp_fr_model, text)
    assert [set(e.countries) for e in events] == [{"FR", "IN"}, {"CN", "PK"}, {"CN", "PK"}]
    assert [e.sentence for e in events] == [0, 1, 2]
    last = events[2]
    assert last.type == "dialogue"
    assert "intelligence_sharing" in last.domains
    # A borrowed pair is less certain than one the sentence names itself.
    assert last.confidence < events[1].confidence


def test_one_country_and_no_context_is_no_event(nlp_fr_model: Language) -> None:
    assert _events(nlp_fr_model, "Le Pakistan a signé un accord.") == ()


def test_no_type_cue_is_no_event(nlp_fr_model: Language) -> None:
    assert _events(nlp_fr_model, "La France et l'Inde sont deux grandes démocraties.") == ()


def test_english_article(nlp_en_model: Language) -> None:
    text = (
        "Israel and the United States signed a cyber-security agreement on 4 March 2024. "
        "The Italian navy will hold a joint exercise with Libya next month."
    )
    first, second = _events(nlp_en_model, text, "en")
    assert first.type == "agreement"
    assert set(first.countries) == {"IL", "US"}
    assert "cyber_security" in first.domains
    assert first.date == "2024-03-04"
    assert second.type == "exercise"
    assert set(second.countries) == {"IT", "LY"}
    assert second.status == "planned"
    assert (second.date, second.date_precision) == ("2024-04", "month")


# --- sentence_event on hand-built facts (no spaCy) ---------------------------------


def _facts(text: str, places: list[tuple[str, str, str]]) -> SentenceFacts:
    spans = []
    for surface, label, code in places:
        start = text.index(surface)
        spans.append((start, start + len(surface), label, (code,), surface))
    return SentenceFacts(index=0, start=0, end=len(text), text=text, places=spans)


def test_sentence_event_supplier_after_from() -> None:
    text = "Egypt purchased helicopters from Russia."
    facts = _facts(text, [("Egypt", "COUNTRY", "EG"), ("Russia", "COUNTRY", "RU")])
    event = sentence_event(facts, "en", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("RU", "EG")


def test_sentence_event_scenery_place_is_not_a_party() -> None:
    text = "La France et l'Inde ont discuté de la crise en Libye."
    facts = _facts(
        text,
        [("France", "COUNTRY", "FR"), ("Inde", "COUNTRY", "IN"), ("Libye", "COUNTRY", "LY")],
    )
    event = sentence_event(facts, "fr", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None
    assert event.type == "dialogue"
    assert event.countries == ["FR", "IN"]


def test_sentence_event_cue_inside_a_quote_loses_to_one_outside() -> None:
    text = "L'Italie et la Libye ont signé un accord : « nous ferons un exercice naval »."
    facts = _facts(text, [("Italie", "COUNTRY", "IT"), ("Libye", "COUNTRY", "LY")])
    q = text.index("nous")
    facts.quote_spans = [(q, text.index(" »"))]
    event = sentence_event(facts, "fr", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None
    assert event.type == "agreement"


def test_a_later_finer_date_refines_the_first() -> None:
    year = DateMention(0, 4, "2024", "2024", "year")
    day = DateMention(20, 35, "du 16 au 30 mai", "2024-05-16", "day")
    other = DateMention(40, 45, "2019", "2019-03-01", "day")
    assert pick_date([year, day]) == day
    assert pick_date([year, other]) == year
    assert pick_date([]) is None


def test_the_date_nearest_the_cue_dates_the_event() -> None:
    # "the mission, to begin next year, was announced earlier this month": the adverbial
    # by the verb dates the announcement, the one in the relative clause the mission.
    text = (
        "The Egyptian proposal to send troops to Somalia for the mission, which is to begin "
        "next year, was announced earlier this month by the African Union."
    )
    nxt, early = text.index("next year"), text.index("earlier this month")
    later = DateMention(nxt, nxt + 9, "next year", "2025", "year")
    month = DateMention(early, early + 18, "earlier this month", "2024-08", "month")
    cue = text.index("announced")
    assert pick_date([later, month], (cue, cue + 9)) == month
    assert pick_date([later, month]) == later


def test_sentence_event_takes_the_date_by_its_verb() -> None:
    text = (
        "L'Égypte, qui recevra en 2026 des avions, et la Somalie ont signé le 3 août un accord "
        "de défense."
    )
    facts = _facts(text, [("Égypte", "COUNTRY", "EG"), ("Somalie", "COUNTRY", "SO")])
    event = sentence_event(facts, "fr", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None and event.type == "agreement"
    assert event.date is not None and event.date.endswith("-08-03")


def test_a_date_after_the_cue_wins_over_one_as_near_before_it() -> None:
    # "... relocated by 2026, under the pledge Berlin gave in summer 2022": the year after
    # "pledge" dates the pledge; the one before it the relocation.
    text = "Troops are due to be relocated by 2026, under the pledge Berlin gave in summer 2022."
    by, summer = text.index("by 2026"), text.index("summer 2022")
    before = DateMention(by, by + 7, "by 2026", "2026", "year")
    after = DateMention(summer, summer + 11, "summer 2022", "2022", "year")
    cue = text.index("pledge")
    assert pick_date([before, after], (cue, cue + 6)) == after


def test_a_pledge_is_a_statement() -> None:
    text = "Germany pledged military support to Lithuania."
    facts = _facts(text, [("Germany", "COUNTRY", "DE"), ("Lithuania", "COUNTRY", "LT")])
    event = sentence_event(facts, "en", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None and event.type == "statement"


def test_a_statement_naming_no_speaker_is_no_event() -> None:
    taxonomy, anchor = load_taxonomy(), parse_anchor(PUBLISHED)
    bare = _facts("No further details were given in Tuesday's statement.", [])
    assert sentence_event(bare, "en", taxonomy, anchor, ["LY", "TR"]) is None
    # The same sentence with a country of its own speaks for it.
    text = "Turkey gave no further details in Tuesday's statement."
    own = _facts(text, [("Turkey", "COUNTRY", "TR")])
    event = sentence_event(own, "en", taxonomy, anchor, ["LY", "TR"])
    assert event is not None and event.type == "statement"
    assert sorted(event.countries) == ["LY", "TR"]


def test_a_place_after_its_rulers_is_a_party_not_scenery() -> None:
    ruled = "The government in Mogadishu has described the agreement as an attack."
    facts = _facts(ruled, [("Mogadishu", "CITY", "SO")])
    assert facts.countries() == ["SO"]
    scenery = "Talks were held in Mogadishu on the agreement."
    assert _facts(scenery, [("Mogadishu", "CITY", "SO")]).countries() == []


def test_an_event_supposed_in_a_condition_is_no_happening() -> None:
    taxonomy, anchor = load_taxonomy(), parse_anchor(PUBLISHED)
    text = '"If Egyptian soldiers are deployed along the border with Ethiopia, the two could clash.'
    supposed = _facts(text, [("Egyptian", "DEMONYM", "EG"), ("Ethiopia", "COUNTRY", "ET")])
    assert sentence_event(supposed, "en", taxonomy, anchor, []) is None
    text = "Au cas où la France livrerait des avions au Maroc, l'Algérie protesterait."
    places = [("France", "COUNTRY", "FR"), ("Maroc", "COUNTRY", "MA"), ("Algérie", "COUNTRY", "DZ")]
    assert sentence_event(_facts(text, places), "fr", taxonomy, anchor, []) is None
    # After the condition the main clause is told as it is: "if asked" frames a real signing.
    text = "If asked, officials say Egypt and Somalia signed a security pact this month."
    real = _facts(text, [("Egypt", "COUNTRY", "EG"), ("Somalia", "COUNTRY", "SO")])
    event = sentence_event(real, "en", taxonomy, anchor, [])
    assert event is not None and event.type == "agreement"


def test_french_si_opening_a_contrast_keeps_its_event() -> None:
    # "Si X se rendent souvent au Maroc, M. Esper sera le premier ...": a contrast, not a
    # condition, so French "si" is no conditional opener.
    text = "Si les responsables américains se rendent souvent au Maroc, Esper ira en Algérie."
    places = [
        ("américains", "DEMONYM", "US"),
        ("Maroc", "COUNTRY", "MA"),
        ("Algérie", "COUNTRY", "DZ"),
    ]
    event = sentence_event(_facts(text, places), "fr", load_taxonomy(), parse_anchor(PUBLISHED), [])
    assert event is not None and event.type == "visit"
