"""Cue taxonomy: domains, event types and status from data/taxonomy (core/taxonomy.py)."""

from __future__ import annotations

import pytest

from core.build.schema import DOMAINS as SCHEMA_DOMAINS
from core.extract.event_type import type_of
from core.extract.phrase_match import AtomMatcher, JointMatcher, atoms
from core.extract.taxonomy import load_taxonomy
from core.text.fold import fold

DOMAINS = set(SCHEMA_DOMAINS)  # the design card's 14 domains, as the data contract lists them


def test_the_fourteen_domains_are_present_with_labels() -> None:
    tax = load_taxonomy()
    assert set(tax.domain_labels) == DOMAINS
    assert all(label.strip() for label in tax.domain_labels.values())
    assert set(tax.domains.order) == DOMAINS


@pytest.mark.parametrize(
    ("text", "language", "domain"),
    [
        ("L'Égypte a acheté des chasseurs russes.", "fr", "arms_procurement"),
        ("Pakistan acquired Chinese jets.", "en", "arms_procurement"),
        ("Paris et Delhi partagent du renseignement.", "fr", "intelligence_sharing"),
        ("Israel and the US expanded information sharing.", "en", "intelligence_sharing"),
        (
            "Les garde-côtes italiens et libyens luttent contre la piraterie.",
            "fr",
            "maritime_security",
        ),
        ("The two navies discussed naval patrols.", "en", "maritime_security"),
        ("Une coopération antiterroriste entre Le Caire et Moscou.", "fr", "counter_terrorism"),
        ("A joint exercise between Chinese and Pakistani troops.", "en", "joint_exercises"),
        ("Des instructeurs français formeront des pilotes indiens.", "fr", "training_education"),
        ("Un transfert de technologie vers l'Inde est prévu.", "fr", "defense_industry"),
        ("Rome and Tripoli signed a memorandum on search and rescue.", "en", "search_and_rescue"),
        ("Un accord sur la cybersécurité a été conclu.", "fr", "cyber_security"),
        ("Une aide humanitaire après le séisme a été envoyée.", "fr", "disaster_response"),
        ("Le dialogue stratégique sino-pakistanais reprend.", "fr", "diplomacy_dialogue"),
        ("Un gazoduc reliera les deux pays.", "fr", "energy_minerals"),
        ("Les investissements russes en Égypte augmentent.", "fr", "economy_trade"),
        ("Le tourisme russe en Égypte repart.", "fr", "tourism"),
    ],
)
def test_domain_cue_fires(text: str, language: str, domain: str) -> None:
    assert domain in load_taxonomy().domains.categories(text, language)


def test_sentence_without_cue_has_no_domain() -> None:
    assert load_taxonomy().domains.categories("Il pleuvait sur la ville ce matin.", "fr") == []


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        ("Les deux ministres ont signé un accord à Delhi.", "fr", "agreement"),
        ("Rome and Tripoli signed a memorandum.", "en", "agreement"),
        ("Le ministre indien s'est rendu à Paris.", "fr", "visit"),
        ("The Israeli minister travelled to Washington.", "en", "visit"),
        ("Le ministre égyptien a rencontré son homologue russe.", "fr", "meeting"),
        ("Islamabad achète des chasseurs chinois.", "fr", "procurement"),
        ("Egypt purchased Russian helicopters.", "en", "procurement"),
        ("Les deux marines ont mené un exercice naval.", "fr", "exercise"),
        ("Les négociations franco-indiennes se poursuivent.", "fr", "dialogue"),
    ],
)
def test_event_type_cue_fires(text: str, language: str, kind: str) -> None:
    assert kind in load_taxonomy().types.categories(text, language)


def test_english_only_cue_does_not_fire_on_french() -> None:
    tax = load_taxonomy()
    french = "Le gouvernement italien met en place une cellule de crise avec la Libye."
    assert "meeting" not in tax.types.categories(french, "fr")
    assert "meeting" not in tax.weak_types.categories(french, "fr")
    english = "The Italian and Libyan ministers met in Rome."
    assert "meeting" in tax.types.categories(english, "en") + tax.weak_types.categories(
        english, "en"
    )


def test_language_limited_status_cues() -> None:
    status = load_taxonomy().status
    assert "planned" in status.categories("L'Inde va signer le contrat.", "fr")
    assert "planned" not in status.categories("Will they sign? The Indian team said no.", "fr")
    assert "planned" in status.categories("India will sign the contract.", "en")


@pytest.mark.parametrize(
    ("text", "language", "status"),
    [
        ("L'Italie n'a pas signé l'accord avec la Libye.", "fr", "negated"),
        ("Israel did not buy the radars.", "en", "negated"),
        ("Une visite est prévue au Caire.", "fr", "planned"),
        ("A visit to Cairo is scheduled for May.", "en", "planned"),
        ("À l'époque, Paris livrait des avions à Delhi.", "fr", "historical"),
        ("Historically, Egypt bought Soviet weapons.", "en", "historical"),
    ],
)
def test_status_cues(text: str, language: str, status: str) -> None:
    assert status in load_taxonomy().status.categories(text, language)


@pytest.mark.parametrize(
    "text",
    [
        "Le Pakistan a finalisé l'acquisition de chasseurs.",
        "Le Pakistan veut acquérir des chasseurs.",
        "Le Pakistan a acquis des chasseurs.",
    ],
)
def test_wildcard_cue_matches_word_forms(text: str) -> None:
    assert "procurement" in load_taxonomy().types.categories(text, "fr")


@pytest.mark.parametrize(
    "text",
    [
        "Ils ont signé un protocole d'accord.",
        "Ils ont paraphé un protocole d’accord.",
    ],
)
def test_multiword_cue_with_either_apostrophe(text: str) -> None:
    cues = load_taxonomy().types.find(text, "fr")
    assert any(c.category == "agreement" and "protocole" in c.text for c in cues)


def test_hyphenated_cue_matches_with_or_without_hyphen() -> None:
    domains = load_taxonomy().domains
    assert "search_and_rescue" in domains.categories("A search-and-rescue drill.", "en")
    assert "search_and_rescue" in domains.categories("A search and rescue drill.", "en")
    assert "maritime_security" in domains.categories("Les garde-côtes libyens.", "fr")


def test_cue_offsets_point_at_the_text_as_written() -> None:
    text = "Le Caire a signé un mémorandum avec Moscou."
    cues = load_taxonomy().types.find(text, "fr")
    assert cues
    for cue in cues:
        assert text[cue.start : cue.end] == cue.text
    assert "mémorandum" in {c.text for c in cues}


def test_atom_matcher_longest_phrase_and_wildcard() -> None:
    matcher = AtomMatcher({"exercice": "short", "exercice naval*": "long", "forma*": "train"})
    text = "un exercice navals et une formation"
    found = matcher.find(atoms(text))
    assert [(text[s:e], v) for s, e, v in found] == [
        ("exercice navals", "long"),
        ("formation", "train"),
    ]


def test_atom_matcher_does_not_match_inside_a_word() -> None:
    matcher = AtomMatcher({"arme": "arms"})
    assert matcher.find(atoms("une alarme et un armement")) == []


def test_every_domain_has_its_own_colour() -> None:
    import re

    from core.build.schema import DOMAINS
    from core.dashboard.labels import domain_colors

    colors = domain_colors()
    assert set(colors) == set(DOMAINS)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in colors.values())
    assert len(set(colors.values())) == len(colors)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "C'est ce qu'a confirmé le diplomate, en poste à Washington, lors d'une "
            "rencontre avec des journalistes.",
            "fr",
        ),
        ("Le ministre a rencontré la presse à Paris.", "fr"),
        ("Dans un entretien accordé au quotidien, le ministre a annoncé la nouvelle.", "fr"),
        ("The minister met reporters in Paris on Monday.", "en"),
    ],
)
def test_a_talk_with_the_press_is_no_meeting(text: str, language: str) -> None:
    # Meeting journalists is how a statement is made, not a meeting between parties.
    choice = type_of(text, [], language, load_taxonomy())
    assert choice is None or choice.cue.category != "meeting"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La Grèce va acheter une quatrième frégate et un navire de soutien à la France.", "fr"),
        ("It was in 2017 that the Royal Thai Navy signed the submarine deal with China.", "en"),
    ],
)
def test_the_vessel_bought_is_no_maritime_security(text: str, language: str) -> None:
    choice = type_of(text, [], language, load_taxonomy())
    assert choice is not None
    domains = {c.category for c in choice.domain_cues}
    assert "arms_procurement" in domains
    assert "maritime_security" not in domains


def test_a_naval_exercise_is_still_maritime_security() -> None:
    text = "Les marines des deux pays ont mené un exercice naval au large de Toulon."
    choice = type_of(text, [], "fr", load_taxonomy())
    assert choice is not None and choice.cue.category == "exercise"
    assert "maritime_security" in {c.category for c in choice.domain_cues}


def test_border_surveillance_is_no_intelligence_sharing() -> None:
    text = "Les deux pays relancent la surveillance frontalière contre le terrorisme."
    assert "intelligence_sharing" not in load_taxonomy().domains.categories(text, "fr")


def test_joint_scan_gives_each_cue_set_what_its_own_find_gives() -> None:
    tax = load_taxonomy()
    names = ("types", "weak_types", "type_excludes", "domains", "procurement_platforms")
    for text, language in [
        ("À la veille de la visite du ministre, l'Algérie a signé un accord de défense.", "fr"),
        ("The navy bought two frigates and held a joint naval exercise with Japan.", "en"),
        ("Rien ici.", "fr"),
        ("", "en"),
    ]:
        stream = atoms(fold(text))
        joint = tax.scan(names, text, language, stream)
        alone = [getattr(tax, name).find(text, language, stream=stream) for name in names]
        assert joint == alone
    assert any(
        joint
        for joint in tax.scan(names, "un accord de défense", "fr", atoms("un accord de defense"))
    )


def test_joint_matcher_keeps_each_matchers_order_and_overlaps() -> None:
    first = AtomMatcher({"exercice": "a", "exercice naval*": "b"})
    second = AtomMatcher({"naval*": "c", "exer*": "d"})
    stream = atoms("un exercice naval commun")
    assert JointMatcher((first, second)).find_all(stream) == [
        first.find_all(stream),
        second.find_all(stream),
    ]
    assert first.find_all(stream) == [(1, 1, "a"), (1, 2, "b")]
