"""Events as happenings: sentence mentions merged per article (core/extract/happenings.py),
their tone (core/extract/tone.py) and their ids and clusters in a real build."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from spacy.language import Language

from core.build.pipeline import build
from core.build.store import read_tables
from core.config import DATA_DIR
from core.extract.article import extract
from core.extract.dates import parse_anchor
from core.extract.events import Event
from core.extract.happenings import article_events, dates_compatible, event_key, merge_mentions
from core.extract.rows import EventRow
from core.extract.sentence_facts import SentenceFacts
from core.extract.tone import tone_of

PUBLISHED = "2024-03-15"


def _events(nlp: Language, text: str, language: str = "fr") -> tuple[EventRow, ...]:
    return extract(nlp(text), "art1", language, PUBLISHED).events


def _event(sentence: int, kind: str = "visit", **kw: Any) -> Event:
    base: dict[str, Any] = {
        "sentence": sentence,
        "start": sentence * 10,
        "end": sentence * 10 + 9,
        "excerpt": f"phrase {sentence}",
        "type": kind,
        "countries": ["IN", "FR"],
        "actor_country": None,
        "target_country": None,
        "actor_keys": [],
        "domains": [],
        "location": None,
        "status": "reported",
        "date": None,
        "date_precision": None,
        "date_text": None,
        "confidence": 0.6,
        "cues": ["visite"],
    }
    return Event(**{**base, **kw})


def test_three_sentences_about_one_visit_are_one_event(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien de la Défense s'est rendu à Paris le 12 mars pour une visite "
        "officielle. "
        "Cette visite doit renforcer la coopération entre l'Inde et la France. "
        "Durant son séjour en France, le ministre indien a visité une base navale."
    )
    events = _events(nlp_fr_model, text)
    assert len(events) == 1, events
    event = events[0]
    assert event.type == "visit"
    assert event.n_mentions == 3
    assert [m.sentence for m in event.mentions] == [0, 1, 2]
    for m in event.mentions:
        assert text[m.start : m.end] == m.excerpt
    # The most informative sentence (dated, naming its countries) stands for the event.
    assert event.sentence == 0
    assert event.date == "2024-03-12"


def test_a_second_visit_told_with_an_indefinite_article_stays_apart(
    nlp_fr_model: Language,
) -> None:
    text = (
        "Le ministre indien s'est rendu à Paris le 12 mars. "
        "Le chef de la marine indienne avait effectué une autre visite à Paris en 2019."
    )
    events = _events(nlp_fr_model, text)
    assert [e.type for e in events] == ["visit", "visit"]
    assert [e.n_mentions for e in events] == [1, 1]


def test_a_severed_relation_is_a_rupture_with_a_negative_tone(nlp_fr_model: Language) -> None:
    event = _events(nlp_fr_model, "Le Mali a rompu ses relations diplomatiques avec l'Ukraine.")
    assert len(event) == 1
    assert event[0].type == "rupture"
    assert set(event[0].countries) == {"ML", "UA"}
    assert event[0].tone < -5


def test_an_english_suspension_is_a_rupture(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model, "Ghana suspended its military cooperation with Burkina Faso.", "en"
    )
    assert event.type == "rupture"
    assert event.status == "reported"


def test_diversifying_suppliers_is_not_a_procurement(nlp_fr_model: Language) -> None:
    events = _events(nlp_fr_model, "Le Maroc et l'Inde : la diversification des fournisseurs.")
    assert [e.type for e in events if e.type == "procurement"] == []


def _groups(events: list[Event]) -> list[list[int]]:
    merged = merge_mentions(events, [set()] * len(events))
    return [[m.sentence for m in e.mentions] for e in merged]


def test_merge_keeps_different_dates_and_types_apart() -> None:
    events = [
        _event(0, date="2024-01-10", date_precision="day"),
        _event(1, date="2024-11-05", date_precision="day"),
        _event(2, date="2024-01", date_precision="month"),
        _event(3, kind="meeting", cues=["rencontre"]),
    ]
    assert _groups(events) == [[0, 2], [1], [3]]
    assert merge_mentions(events, [set()] * 4)[0].date == "2024-01-10"


def test_merge_keeps_two_named_casts_apart() -> None:
    events = [
        _event(0, actor_keys=["p0"]),
        _event(1, actor_keys=["p1"]),
        _event(2, actor_keys=["p0", "p2"]),
    ]
    assert _groups(events) == [[0, 2], [1]]


def test_merge_needs_the_same_countries() -> None:
    events = [_event(0), _event(1, countries=["IN", "US"]), _event(2, countries=["FR", "IN"])]
    assert _groups(events) == [[0, 2], [1]]


def test_a_pointing_back_phrase_joins_a_happening_of_its_type() -> None:
    first = _event(0, countries=["GR", "FR"], actor_keys=["p0"])
    again = _event(1, countries=["GR"], actor_keys=["p1"])
    other = _event(2, kind="meeting", cues=["rencontre"], countries=["GR", "FR"])
    # Without the phrase, a different cast and fewer countries keep them apart.
    assert _groups([first, again]) == [[0], [1]]
    merged = merge_mentions([first, other, again], [set(), {"visit"}, {"visit"}])
    assert [[m.sentence for m in e.mentions] for e in merged] == [[0, 1], [2]]


def test_an_agreement_to_buy_is_a_procurement(nlp_fr_model: Language) -> None:
    (event,) = _events(
        nlp_fr_model, "Le Qatar a conclu avec l'Italie un accord pour la livraison de frégates."
    )
    assert event.type == "procurement"


def test_dates_compatible_at_common_precision() -> None:
    assert dates_compatible("2024", "2024-03-12")
    assert dates_compatible("2024-03", "2024-03-12")
    assert not dates_compatible("2024-01-10", "2024-11-05")
    assert dates_compatible(None, "2024")


def test_event_key_is_stable_and_ignores_spacing() -> None:
    assert event_key("a1", "Une visite  à Paris.") == event_key("a1", "Une visite à Paris.")
    assert event_key("a1", "Une visite à Paris.") != event_key("a2", "Une visite à Paris.")


def test_tone_scale() -> None:
    assert tone_of("procurement", "reported", "livraison") > tone_of("visit", "reported", "")
    assert tone_of("visit", "reported", "") > tone_of("statement", "reported", "") >= 0
    assert tone_of("rupture", "reported", "rompu") < tone_of("rupture", "reported", "annule") < 0
    assert tone_of("agreement", "planned", "") <= 4
    assert tone_of("agreement", "negated", "") < 0


# --- the bundled seed corpus, built for real --------------------------------------


@pytest.fixture(scope="module")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    out = tmp_path_factory.mktemp("seeds") / "out"
    build(DATA_DIR / "articles", out)
    return read_tables(out)


def test_rebuilding_keeps_every_event_id(
    seed_build: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    build(DATA_DIR / "articles", tmp_path / "again")
    again = read_tables(tmp_path / "again")
    assert sorted(again["events"]["event_id"]) == sorted(seed_build["events"]["event_id"])
    assert seed_build["events"]["event_id"].is_unique


def test_every_event_has_its_mentions(seed_build: dict[str, pd.DataFrame]) -> None:
    events, mentions = seed_build["events"], seed_build["event_mentions"]
    counts = mentions.groupby("event_id").size()
    assert (events.set_index("event_id")["n_mentions"] == counts.reindex(events["event_id"])).all()
    assert len(mentions) > len(events)  # some happenings are told more than once


def test_one_memorandum_is_one_event_per_article_and_one_cluster(
    seed_build: dict[str, pd.DataFrame],
) -> None:
    events = seed_build["events"]
    signed = events[(events["type"] == "agreement") & (events["date"] == "2025-01-22")]
    assert len(signed) >= 2
    assert signed["article_id"].is_unique
    assert signed["cluster_id"].nunique() == 1
    assert set(signed["n_sources"]) == {len(signed)}


# --- direction and background -------------------------------------------------------


def test_a_stopover_is_not_the_host(nlp_fr_model: Language) -> None:
    event, stop = _events(
        nlp_fr_model,
        "Après avoir fait escale à Rome, le ministre japonais sera reçu par le président égyptien.",
    )
    assert event.type == "visit"
    assert (event.actor_country, event.target_country) == ("JP", "EG")
    # The stopover is a visit of its own, and no party to the main one.
    assert set(event.countries) == {"JP", "EG"}
    assert stop.type == "visit"
    assert (stop.actor_country, stop.target_country) == ("JP", "IT")
    assert stop.sentence == event.sentence


def test_a_meeting_abroad_goes_from_visitor_to_host(nlp_fr_model: Language) -> None:
    (event,) = _events(
        nlp_fr_model, "Le ministre brésilien a rencontré à Luanda son homologue angolais."
    )
    assert event.type == "meeting"
    assert (event.actor_country, event.target_country) == ("BR", "AO")


def test_a_donation_goes_from_donor_to_recipient(nlp_en_model: Language) -> None:
    (event,) = _events(nlp_en_model, "Norway delivered military aid to Moldova on Monday.", "en")
    assert (event.actor_country, event.target_country) == ("NO", "MD")


def test_a_buyer_first_sentence_points_at_the_supplier(nlp_fr_model: Language) -> None:
    (event,) = _events(nlp_fr_model, "Le Pérou a acheté des blindés sud-coréens.")
    assert event.type == "procurement"
    assert (event.actor_country, event.target_country) == ("KR", "PE")


def test_a_contrasted_country_takes_no_part(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model, "India, not the United Kingdom, sold patrol boats to Kenya.", "en"
    )
    assert set(event.countries) == {"IN", "KE"}


def test_countries_backing_others_take_no_part(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model,
        "Mali signed a security agreement with Niger against rebels backed by France and Sudan.",
        "en",
    )
    assert set(event.countries) == {"ML", "NE"}


def test_a_framing_clause_names_no_party(nlp_fr_model: Language) -> None:
    (event,) = _events(
        nlp_fr_model,
        "À la veille de la visite du ministre chinois, le chef de l'armée ghanéenne a "
        "rencontré l'ambassadeur turc.",
    )
    assert set(event.countries) == {"GH", "TR"}


def test_a_purpose_is_not_the_event(nlp_fr_model: Language) -> None:
    (event,) = _events(
        nlp_fr_model,
        "Le chef d'état-major ghanéen a reçu l'ambassadeur turc pour discuter de la sécurité.",
    )
    assert event.type == "meeting"


def test_what_a_speaker_talks_about_is_a_statement(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model, "Kenya condemned the agreement between Uganda and Rwanda.", "en"
    )
    assert event.type == "statement"


def test_due_to_travel_is_still_a_visit(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model, "The Kenyan minister is due to travel to Ghana on Monday to hold talks.", "en"
    )
    assert event.type == "visit"
    assert (event.actor_country, event.target_country) == ("KE", "GH")


def test_the_eve_of_a_visit_is_the_day_before(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien s'est rendu à Paris le 12 mars. "
        "À la veille de la visite, le chef de l'armée française a reçu l'ambassadeur turc."
    )
    visit, meeting = _events(nlp_fr_model, text)
    assert visit.date == "2024-03-12"
    assert meeting.type == "meeting"
    assert meeting.date == "2024-03-11"


def test_a_deal_signed_during_a_visit_is_two_happenings(nlp_en_model: Language) -> None:
    text = (
        "The treaty was signed while the Indian minister was visiting Paris with French officials."
    )
    events = _events(nlp_en_model, text, "en")
    assert sorted(e.type for e in events) == ["agreement", "visit"]
    visit = next(e for e in events if e.type == "visit")
    assert {"IN", "FR"} <= set(visit.countries)


def test_a_visit_mentioned_again_joins_the_visit(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien s'est rendu à Paris le 12 mars. "
        "Lors de sa visite, l'Inde et la France ont signé un accord de défense."
    )
    events = _events(nlp_fr_model, text)
    assert sorted(e.type for e in events) == ["agreement", "visit"]
    visit = next(e for e in events if e.type == "visit")
    assert visit.n_mentions == 2


def test_what_happens_during_a_stay_is_its_own_event(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien est en visite en France. "
        "Lors de la première journée de son séjour, le ministre indien a rencontré son "
        "homologue français."
    )
    events = _events(nlp_fr_model, text)
    assert sorted(e.type for e in events) == ["meeting", "visit"]
    assert next(e for e in events if e.type == "visit").n_mentions == 2


def test_troops_deployed_abroad_are_an_other_event(nlp_en_model: Language) -> None:
    (event,) = _events(nlp_en_model, "France has deployed 300 troops to Senegal.", "en")
    assert event.type == "other"
    assert set(event.countries) == {"FR", "SN"}


def test_a_postponed_delivery_is_a_rupture(nlp_en_model: Language) -> None:
    (event,) = _events(
        nlp_en_model, "Spain has postponed the delivery of the patrol boats to Morocco.", "en"
    )
    assert event.type == "rupture"
    assert event.tone < 0


def test_a_headline_and_a_lead_telling_one_deal_are_one_event(nlp_en_model: Language) -> None:
    text = (
        "India signs defence pact with France. "
        "On Monday India signed a defence pact with France in Paris. "
        "India later signed another pact with France."
    )
    events = _events(nlp_en_model, text, "en")
    assert [e.n_mentions for e in events] == [2, 1]


def test_military_aid_is_a_procurement(nlp_en_model: Language) -> None:
    (event,) = _events(nlp_en_model, "Kenya sent military aid to Uganda on Monday.", "en")
    assert event.type == "procurement"


def test_a_standing_supplier_is_no_happening(nlp_fr_model: Language) -> None:
    assert _events(nlp_fr_model, "La Russie est un important fournisseur d'armes de l'Inde.") == ()
    (event,) = _events(nlp_fr_model, "La Russie a livré des hélicoptères à l'Inde en mai.")
    assert event.type == "procurement"


def test_a_plain_indefinite_after_a_dated_deal_is_another_deal(nlp_en_model: Language) -> None:
    text = (
        "India signed the defence pact with France in 2019. India also signed a pact with France."
    )
    assert len(_events(nlp_en_model, text, "en")) == 2


def test_a_named_exercise_is_an_exercise(nlp_fr_model: Language) -> None:
    text = "C'est en 2014 que la Chine et le Kenya ont tenu leur premier exercice Blue Sea."
    (event,) = _events(nlp_fr_model, text)
    assert event.type == "exercise"
    assert event.date == "2014"


def test_what_a_visitor_says_during_the_visit_is_a_statement(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien s'est rendu en France lundi. "
        "Pendant sa visite, le ministre indien a affirmé que la France restait un partenaire."
    )
    events = _events(nlp_fr_model, text)
    assert sorted(e.type for e in events) == ["statement", "visit"]


def test_a_visit_that_led_to_a_signing_is_two_happenings(nlp_fr_model: Language) -> None:
    text = "La visite du ministre indien en France a permis la signature d'un plan de coopération."
    assert sorted(e.type for e in _events(nlp_fr_model, text)) == ["agreement", "visit"]


def test_to_deal_with_is_not_a_treaty(nlp_fr_model: Language) -> None:
    text = "L'Inde et la France veulent traiter les questions de sécurité maritime."
    assert all(e.type != "agreement" for e in _events(nlp_fr_model, text))
    (event,) = _events(nlp_fr_model, "L'Inde et la France ont ratifié un traité de défense.")
    assert event.type == "agreement"


def test_willing_to_host_facilities_is_no_visit(nlp_fr_model: Language) -> None:
    text = "L'Inde a dit sa volonté d'accueillir des centres de données français."
    assert all(e.type != "visit" for e in _events(nlp_fr_model, text))


def test_a_session_of_a_joint_commission_is_a_dialogue(nlp_en_model: Language) -> None:
    text = "Kenya's president chaired the first meeting of the Kenya-India Joint Commission."
    (event,) = _events(nlp_en_model, text, "en")
    assert event.type == "dialogue"
    (other,) = _events(nlp_en_model, "The Kenyan and Indian ministers held a meeting.", "en")
    assert other.type == "meeting"


def test_signing_for_weapons_is_a_procurement(nlp_en_model: Language) -> None:
    text = "In 2019 Kenya signed the frigate deal with India's state shipyard."
    (event,) = _events(nlp_en_model, text, "en")
    assert event.type == "procurement"
    (pact,) = _events(nlp_en_model, "In 2019 Kenya signed a security pact with India.", "en")
    assert pact.type == "agreement"


def test_what_is_said_after_talks_is_a_statement(nlp_fr_model: Language) -> None:
    text = (
        "À l'issue de leur entretien, le ministre indien a déclaré que la France restait "
        "un partenaire."
    )
    (event,) = _events(nlp_fr_model, text)
    assert event.type == "statement"


def test_peace_through_dialogue_is_no_dialogue_event(nlp_fr_model: Language) -> None:
    text = (
        "Le ministre indien a salué le travail mené avec la France, qui favorise la paix "
        "par le dialogue."
    )
    (event,) = _events(nlp_fr_model, text)
    assert event.type == "statement"


def test_every_field_of_a_working_event_reaches_its_row_but_the_merge_hints() -> None:
    from dataclasses import fields

    from core.extract.events import Event
    from core.extract.rows import EventRow

    # A field added to the working event and not to the row would never reach the tables.
    working = {f.name for f in fields(Event)}
    assert working - set(EventRow._fields) == {"novel", "stopovers", "companion"}
    assert set(EventRow._fields) <= working


def _sentences(*texts: str) -> list[SentenceFacts]:
    """Sentences of one article, with the gazetteer's places found by hand."""
    places = {"Italie": "IT", "Tunisie": "TN", "France": "FR"}
    out, start = [], 0
    for i, text in enumerate(texts):
        spans = [
            (start + text.index(name), start + text.index(name) + len(name), "COUNTRY", (c,), name)
            for name, c in places.items()
            if name in text
        ]
        out.append(
            SentenceFacts(index=i, start=start, end=start + len(text), text=text, places=spans)
        )
        start += len(text) + 1
    return out


SIGNED = "L'Italie et la Tunisie ont signé un accord de défense à Tunis."


@pytest.mark.parametrize(
    ("follow", "gains"),
    [
        # The next sentence tells what the agreement covers: its domain is the event's.
        (
            "Le partenariat englobera en outre une coopération dans la formation des militaires.",
            True,
        ),
        # A domain word without the scope of a cooperation says nothing about the event.
        ("Les militaires suivront aussi une formation.", False),
        # Another country: another story, not this agreement's scope.
        ("La France a un partenariat de formation avec le Maroc.", False),
    ],
)
def test_a_sentence_on_the_scope_elaborates_the_event_before_it(follow: str, gains: bool) -> None:
    facts = _sentences(SIGNED, follow)
    events = article_events(facts, "fr", [parse_anchor(PUBLISHED)] * 2)
    assert [e.type for e in events] == ["agreement"]
    (event,) = events
    assert ("training_education" in event.domains) is gains
    assert event.excerpt == SIGNED  # the elaboration is a mention, never the excerpt
    assert event.n_mentions == (2 if gains else 1)


def test_a_sentence_far_from_the_event_does_not_elaborate_it() -> None:
    filler = "Le temps était clément."
    follow = "Le partenariat englobera en outre une coopération dans la formation des militaires."
    facts = _sentences(SIGNED, filler, filler, follow)
    (event,) = article_events(facts, "fr", [parse_anchor(PUBLISHED)] * 4)
    assert "training_education" not in event.domains
