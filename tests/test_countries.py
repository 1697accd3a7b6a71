"""core.nlp.countries: the country table the dashboard reads without the NLP stack."""

from __future__ import annotations

import json
import subprocess
import sys

from core.config import GEO_DIR, ROOT
from core.nlp.countries import capital, country_label, country_name, iso3_to_iso2, load_countries


def test_names_capitals_and_codes() -> None:
    assert country_name("DZ") == "Algeria" and country_name("dz") == "Algeria"
    assert country_name("MA", "fr") == "Maroc"
    assert country_label("RU") == "Russia (RU)" and country_label("QQ") == "QQ (QQ)"
    assert capital("DZ", "fr") == "Alger" and capital("DZ", "en") == "Algiers"
    assert iso3_to_iso2("RUS") == "RU" and iso3_to_iso2("usa") == "US"
    assert iso3_to_iso2("XKX") == "XK"  # non-standard codes from the supplement file
    assert iso3_to_iso2("SOL") == "SO" and iso3_to_iso2("DZA") == "DZ"
    assert country_name("RU") == "Russia" and capital("RU", "en") == "Moscow"


def test_unknown_codes_degrade_gracefully() -> None:
    assert country_name("QQ") == "QQ"
    assert country_name("<b>") == "<b>"
    assert capital("QQ") is None
    assert iso3_to_iso2("-99") is None and iso3_to_iso2("") is None
    assert iso3_to_iso2("ZZZ") is None


def test_table_covers_every_iso_country() -> None:
    import pycountry

    table = load_countries()
    missing = [c.alpha_2 for c in pycountry.countries if c.alpha_2 not in table]
    assert not missing
    assert all(c.name_en and c.name_fr for c in table.values())


def test_every_shape_of_the_world_map_has_a_code() -> None:
    shapes = json.loads((GEO_DIR / "ne_110m_countries.geojson").read_text(encoding="utf-8"))
    unmatched = [
        f["properties"].get("name")
        for f in shapes["features"]
        if iso3_to_iso2(f["properties"].get("iso_a3", "")) is None
    ]
    # Natural Earth writes -99 for a few disputed or merged shapes; the map handles
    # Kosovo by name, the rest stay unshaded.
    assert len(unmatched) <= 3, unmatched


def test_dashboard_modules_do_not_import_spacy() -> None:
    code = (
        "import sys; import core.nlp.countries, core.dashboard.map, core.dashboard.query, "
        "core.dashboard.corpus, core.dashboard.charts, core.dashboard.frame;"
        "print('spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"
