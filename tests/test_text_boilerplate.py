"""Boilerplate removal: each kind goes, the article body stays intact."""

from __future__ import annotations

import json

import pytest

from core.text.boilerplate import BOILERPLATE_FILE, load_rules, strip_boilerplate

BODY_FR = (
    "Le Niger et le Tchad ont tenu mardi à N'Djamena une réunion sur la sécurité des "
    "frontières communes.\n\n"
    "Les deux délégations ont évoqué des patrouilles mixtes et un partage de "
    "renseignements sur les groupes armés actifs dans la région du lac Tchad."
)
BODY_EN = (
    "Ghana and Côte d'Ivoire agreed on Friday to set up a joint maritime patrol in the "
    "Gulf of Guinea.\n\n"
    "Officials said the first exercise would take place next spring, with support from "
    "regional partners and a shared coordination centre in Accra."
)


def _check(body: str, noise_before: str, noise_after: str, gone: list[str]) -> None:
    """Noise around the body is removed, the body survives verbatim."""
    text = f"{noise_before}\n{body}\n{noise_after}".strip("\n")
    cleaned = strip_boilerplate(text)
    assert body in cleaned
    for fragment in gone:
        assert fragment not in cleaned, fragment


def test_rules_file_is_valid_and_documented() -> None:
    raw = json.loads(BOILERPLATE_FILE.read_text(encoding="utf-8"))
    assert all(rule.get("description") for rule in raw["rules"])
    rules = load_rules()
    assert rules.of("cut_rest") and rules.of("drop_line") and rules.widget is not None


def test_french_comment_section_cut_with_comment_text() -> None:
    comments = (
        '3 réponses à "Réunion sur la sécurité des frontières"\n\n'
        "Très bonne nouvelle pour la région, enfin une vraie coopération.\n\n"
        "Laisser un commentaire\n"
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *"
    )
    _check(BODY_FR, "", comments, ["réponses à", "Très bonne nouvelle", "Laisser un commentaire"])


def test_english_comment_section_cut_with_comment_text() -> None:
    comments = (
        '2 thoughts on "Joint patrol agreed"\n\n'
        "  1. About time someone patrolled those waters!\n\n"
        "Leave a Reply\nYour email address will not be published."
    )
    _check(BODY_EN, "", comments, ["thoughts on", "About time", "Leave a Reply"])


def test_comment_link_before_the_body_only_loses_its_line() -> None:
    text = f"Leave a comment\n\n{BODY_EN}"
    assert strip_boilerplate(text) == BODY_EN


def test_share_and_follow_widgets_dropped() -> None:
    noise = "Partager\nShare on Facebook | Share on Twitter\nFollow by Email\nWhatsApp\nFbMessenger"
    _check(
        BODY_FR, noise, "Partager sur Facebook\nTweet\nE-mail", ["Partager", "Follow", "WhatsApp"]
    )


def test_sentence_naming_a_social_network_survives() -> None:
    body = "Le ministère a publié sur Facebook un communiqué sur la visite à Niamey."
    assert strip_boilerplate(body) == body


def test_video_player_text_dropped() -> None:
    noise = "Site JWPlayer Embed\nChargement du lecteur...\nLoading player...\n"
    after = "Your browser does not support the video tag."
    _check(
        BODY_FR, noise, after, ["JWPlayer", "Chargement du lecteur", "Loading player", "browser"]
    )


def test_back_to_top_dropped() -> None:
    _check(BODY_FR, "", "Bouton retour en haut de la page\nFermer", ["retour en haut", "Fermer"])
    _check(BODY_EN, "", "Back to top ↑", ["Back to top"])


def test_photo_credits_dropped_and_repeated_caption_kept_once() -> None:
    caption = "Les ministres des deux pays lors de la cérémonie d'ouverture, lundi."
    noise = (
        f"Image\n{caption}\n{caption}\n© Agence Photo via AP\nPhoto : Reuters\nCrédit photo : DR"
    )
    _check(BODY_FR, noise, "", ["©", "Photo :", "Crédit photo"])
    assert strip_boilerplate(f"{noise}\n{BODY_FR}").count(caption) == 1
    _check(BODY_EN, "Photo: Jane Doe/AFP\n(Photo by John Roe/Getty Images)", "", ["Photo", "Getty"])


def test_cookie_notice_dropped() -> None:
    fr = "Nous utilisons des cookies pour améliorer votre expérience. Accepter les cookies"
    en = "This website uses cookies to ensure you get the best experience.\nAccept all cookies"
    _check(BODY_FR, fr, "", ["cookies"])
    _check(BODY_EN, en, "", ["cookies"])


def test_navigation_ticker_and_breadcrumb_dropped() -> None:
    noise = "À la une : les dernières infos du jour\nVous êtes ici : Accueil > Monde > Afrique"
    _check(BODY_FR, noise, "", ["À la une", "Vous êtes ici"])
    _check(BODY_EN, "Breaking: markets open higher\nLatest news", "", ["Breaking", "Latest"])


def test_teasers_dropped() -> None:
    fr_mid = "Lire aussi : Le Mali quitte une alliance régionale\n(RE)voir : Reportage à Gao"
    text = BODY_FR.replace("\n\n", f"\n\n{fr_mid}\n\n")
    cleaned = strip_boilerplate(text)
    assert "Lire aussi" not in cleaned and "(RE)voir" not in cleaned
    assert cleaned == BODY_FR
    _check(BODY_EN, "", "Read more: Navy chiefs meet in Lagos", ["Read more"])


def test_newsletter_and_reading_time_dropped() -> None:
    fr = "Partager 4 minutes de lecture\nAbonnez-vous à notre newsletter quotidienne"
    en = "5 min read\nSign up for our daily newsletter"
    _check(BODY_FR, fr, "", ["minutes de lecture", "newsletter"])
    _check(BODY_EN, en, "", ["min read", "newsletter"])


def test_related_list_at_the_end_cut() -> None:
    related = (
        "Sur le même sujet\nLe Sénégal commande deux patrouilleurs\n"
        "Exercice naval au large de Dakar"
    )
    _check(BODY_FR, "", related, ["même sujet", "patrouilleurs", "Dakar"])


def test_related_heading_followed_by_body_keeps_the_body() -> None:
    text = f"Related articles\n{BODY_EN}"
    assert strip_boilerplate(text) == BODY_EN


@pytest.mark.parametrize("body", [BODY_FR, BODY_EN])
def test_clean_body_untouched(body: str) -> None:
    assert strip_boilerplate(body) == body


def test_body_subheadings_that_resemble_boilerplate_survive() -> None:
    text = (
        f"{BODY_FR}\n\nRéactions\n\nLe Mali a salué l'accord.\n\n"
        "Related to the talks, officials said more meetings would follow.\n\n"
        "What do you think? The minister asked the audience before leaving."
    )
    assert strip_boilerplate(text) == text
