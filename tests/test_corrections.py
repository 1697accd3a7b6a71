"""Corrections: the append-only log, the overlay, applying it, orphans, CSV round trips."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from core.build.corrections import (
    Change,
    append,
    connect,
    db_path,
    read_log,
    read_overlay,
    revert_of,
)
from core.build.corrections_apply import apply_corrections
from core.build.corrections_csv import export_csv, import_csv
from core.build.corrections_fields import CorrectionError
from core.build.corrections_keys import event_key, norm_text, quote_key
from core.build.schema import empty

SENTENCE = "Le ministre s'est rendu à Alger pour signer un accord de défense."
OTHER = "Les deux armées ont mené un exercice naval conjoint en Méditerranée."


def _events(rows: list[dict]) -> pd.DataFrame:
    base = {
        "start": 0,
        "end": 10,
        "actor_country": None,
        "target_country": None,
        "actor_ids": [],
        "domains": [],
        "location": None,
        "status": "reported",
        "date": "2024-05",
        "date_precision": "month",
        "date_text": "en mai",
        "confidence": 0.5,
        "cues": [],
    }
    return pd.DataFrame([{**base, **r} for r in rows])


def _tables(events: pd.DataFrame) -> dict[str, pd.DataFrame]:
    actors = pd.DataFrame(
        [
            {"actor_id": "person:a-b", "name": "Ali Ben", "kind": "person", "country": "DZ",
             "role": None, "aliases": ["Ben", "Omar Ben"], "n_mentions": 3, "n_articles": 1},
            {"actor_id": "person:x-y", "name": "Xavier Yann", "kind": "person", "country": "FR",
             "role": None, "aliases": [], "n_mentions": 1, "n_articles": 1},
        ]
    )  # fmt: skip
    mentions = pd.DataFrame(
        [
            {"article_id": "a1", "sentence": 1, "start": 0, "end": 7, "text": "Ali Ben",
             "label": "PER", "actor_id": "person:a-b"},
            {"article_id": "a1", "sentence": 2, "start": 90, "end": 98, "text": "Omar Ben",
             "label": "PER", "actor_id": "person:a-b"},
            {"article_id": "a1", "sentence": 2, "start": 99, "end": 110, "text": "Xavier Yann",
             "label": "PER", "actor_id": "person:x-y"},
        ]
    )  # fmt: skip
    quotes = pd.DataFrame(
        [{"article_id": "a1", "actor_id": "person:x-y", "text": "Nous coopérons.", "start": 5,
          "end": 20}]
    )  # fmt: skip
    return {
        "articles": empty("articles"),
        "actors": actors,
        "mentions": mentions,
        "events": events,
        "quotes": quotes,
    }


def _two_events() -> pd.DataFrame:
    return _events(
        [
            {"event_id": "e1", "article_id": "a1", "sentence": 1, "excerpt": SENTENCE,
             "type": "visit", "countries": ["DZ", "FR"], "actor_ids": ["person:a-b"]},
            {"event_id": "e2", "article_id": "a1", "sentence": 2, "excerpt": OTHER,
             "type": "exercise", "countries": ["DZ", "FR"], "actor_ids": ["person:a-b"]},
        ]
    )  # fmt: skip


def _change(field: str, before, after, target: str | None = None, **kw) -> Change:
    return Change("ana", "event", target or event_key("a1", SENTENCE), field, before, after, **kw)


def test_log_is_append_only(tmp_path: Path) -> None:
    append(tmp_path, [_change("type", "visit", "meeting")])
    with connect(db_path(tmp_path)) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE log SET after = '\"other\"'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM log")
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    [entry] = read_log(tmp_path)
    assert (entry.before, entry.after, entry.analyst) == ("visit", "meeting", "ana")


def test_overlay_newest_wins_and_undo_is_a_new_entry(tmp_path: Path) -> None:
    append(tmp_path, [_change("type", "visit", "meeting")])
    append(tmp_path, [_change("type", "meeting", "agreement")])
    [current] = read_overlay(tmp_path)
    assert current.after == "agreement"
    append(tmp_path, [revert_of(current, "bea")])
    assert read_overlay(tmp_path) == []
    assert [e.op for e in read_log(tmp_path)] == ["set", "set", "revert"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("type", "party"), ("countries", ["XX"]), ("date", "22/01/2025"), ("colour", "red"),
     ("rejected", "yes"), ("domains", ["cooking"])],
)  # fmt: skip
def test_invalid_values_record_nothing(tmp_path: Path, field: str, value) -> None:
    with pytest.raises(CorrectionError):
        append(tmp_path, [_change("status", "reported", "planned"), _change(field, None, value)])
    assert read_log(tmp_path) == []


def test_a_correction_needs_an_analyst(tmp_path: Path) -> None:
    with pytest.raises(CorrectionError, match="analyst"):
        append(tmp_path, [Change("  ", "event", "a1:x", "type", None, "visit")])


def test_apply_sets_fields_marks_them_and_leaves_the_input(tmp_path: Path) -> None:
    frames = _tables(_two_events())
    append(
        tmp_path, [_change("type", "visit", "agreement"), _change("countries", [], ["DZ", "US"])]
    )
    result = apply_corrections(frames, read_overlay(tmp_path))
    events = result.frames["events"].set_index("event_id")
    assert events.loc["e1", "type"] == "agreement"
    assert list(events.loc["e1", "countries"]) == ["DZ", "US"]
    assert sorted(events.loc["e1", "corrected"]) == ["countries", "type"]
    assert list(events.loc["e2", "corrected"]) == []
    assert frames["events"].loc[0, "type"] == "visit"
    assert result.orphans == []


def test_rejected_event_leaves_the_tables_and_restore_brings_it_back(tmp_path: Path) -> None:
    frames = _tables(_two_events())
    append(tmp_path, [_change("rejected", False, True)])
    assert list(apply_corrections(frames, read_overlay(tmp_path)).frames["events"]["event_id"]) == [
        "e2"
    ]
    append(tmp_path, [_change("rejected", True, False)])
    assert len(apply_corrections(frames, read_overlay(tmp_path)).frames["events"]) == 2


def test_correction_survives_an_extractor_change_or_is_orphaned(tmp_path: Path) -> None:
    """A new extractor finds the sentence at another index (a sentence split moved), with
    another id, type and spacing: the correction still applies. Once the sentence yields
    no event, the correction is listed as orphaned and stays in the log."""
    append(tmp_path, [_change("type", "visit", "agreement", reason="signature")])
    changed = _events(
        [{"event_id": "z9", "article_id": "a1", "sentence": 4, "type": "meeting",
          "excerpt": SENTENCE.replace(" ", "  ").replace("'", "\u2019"), "countries": ["DZ"]}]
    )  # fmt: skip
    result = apply_corrections(_tables(changed), read_overlay(tmp_path))
    assert result.frames["events"].loc[0, "type"] == "agreement"
    gone = _events(
        [{"event_id": "e2", "article_id": "a1", "sentence": 2, "excerpt": OTHER,
          "type": "exercise", "countries": ["DZ", "FR"]}]
    )  # fmt: skip
    result = apply_corrections(_tables(gone), read_overlay(tmp_path))
    assert [o.entry.reason for o in result.orphans] == ["signature"]
    assert result.frames["events"].loc[0, "type"] == "exercise"
    assert len(read_log(tmp_path)) == 1


def test_event_found_by_any_of_its_sentences() -> None:
    """With one row per happening, a correction keyed on a non-excerpt sentence applies."""
    from core.build.corrections import Entry

    frames = _tables(_two_events())
    frames["event_mentions"] = pd.DataFrame(
        [{"event_id": "e1", "article_id": "a1", "excerpt": "Une phrase de rappel sur la visite."}]
    )
    entry = Entry(1, "2025-01-01T00:00:00+00:00", "ana", "event",
                  event_key("a1", "une phrase  de rappel sur la visite."), "status", "set",
                  "reported", "planned", "", "", "")  # fmt: skip
    events = apply_corrections(frames, [entry]).frames["events"]
    assert events.loc[events["event_id"] == "e1", "status"].item() == "planned"


def test_actor_merge_rename_and_quote_speaker(tmp_path: Path) -> None:
    frames = _tables(_two_events())
    append(
        tmp_path,
        [
            Change("ana", "actor", "person:x-y", "merged_into", None, "person:a-b"),
            Change("ana", "actor", "person:a-b", "role", None, "minister"),
            Change("ana", "quote", quote_key("a1", "Nous coopérons."), "actor_id", "x", None),
        ],
    )
    out = apply_corrections(frames, read_overlay(tmp_path)).frames
    actors = out["actors"].set_index("actor_id")
    assert list(actors.index) == ["person:a-b"]
    assert actors.loc["person:a-b", "role"] == "minister"
    assert "Xavier Yann" in list(actors.loc["person:a-b", "aliases"])
    assert actors.loc["person:a-b", "n_mentions"] == 3
    assert set(out["mentions"]["actor_id"]) == {"person:a-b"}
    assert out["quotes"].loc[0, "actor_id"] is None
    assert list(out["quotes"].loc[0, "corrected"]) == ["actor_id"]


def test_split_a_wrong_merge(tmp_path: Path) -> None:
    frames = _tables(_two_events())
    append(tmp_path, [Change("ana", "actor", "person:a-b", "split_aliases", [], ["Omar Ben"])])
    out = apply_corrections(frames, read_overlay(tmp_path)).frames
    actors = out["actors"].set_index("actor_id")
    new = "person:a-b~split"
    assert actors.loc[new, "name"] == "Omar Ben"
    assert (actors.loc["person:a-b", "n_mentions"], actors.loc[new, "n_mentions"]) == (1, 1)
    assert "Omar Ben" not in list(actors.loc["person:a-b", "aliases"])
    events = out["events"].set_index("event_id")
    assert list(events.loc["e1", "actor_ids"]) == ["person:a-b"]
    assert list(events.loc["e2", "actor_ids"]) == [new]


def test_actor_found_by_its_name_when_its_id_changed(tmp_path: Path) -> None:
    frames = _tables(_two_events())
    frames["actors"].loc[1, "actor_id"] = "person:x-y-2"
    append(
        tmp_path, [Change("ana", "actor", "person:x-y", "country", "FR", "MA", label="Xavier Yann")]
    )
    out = apply_corrections(frames, read_overlay(tmp_path))
    assert out.frames["actors"].set_index("actor_id").loc["person:x-y-2", "country"] == "MA"


def test_keys_ignore_spacing_case_and_apostrophes() -> None:
    assert norm_text("L\u2019Algérie  et\u00a0la FRANCE ") == "l'algérie et la france"
    assert event_key("a1", "L'Algérie") == event_key("a1", "l\u2019algérie ")
    assert event_key("a1", "L'Algérie") != event_key("a2", "L'Algérie")


def test_import_is_idempotent_and_validates_rows(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    append(
        source, [_change("type", "visit", "meeting"), _change("countries", ["DZ"], ["DZ", "MA"])]
    )
    exported = export_csv(source)
    path = tmp_path / "log.csv"
    path.write_text(exported, encoding="utf-8")
    assert import_csv(target, path)[:2] == (2, 0)
    assert import_csv(target, path)[:2] == (0, 2)
    assert export_csv(target) == exported
    lines = exported.splitlines()
    bad = lines[1].replace('"""meeting"""', '"""party"""')
    path.write_text(
        "\n".join([lines[0], bad, lines[2].replace("ana", "")]) + "\n", encoding="utf-8"
    )
    report = import_csv(target, path)
    assert report.added == 0
    assert [e.split(":")[0] for e in report.errors] == [f"{path} line 2", f"{path} line 3"]
    assert export_csv(target) == exported


def test_import_refuses_a_file_that_is_not_an_export(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    report = import_csv(tmp_path, path)
    assert report.added == 0 and "not a corrections export" in report.errors[0]


def test_a_corrected_type_reclusters(tmp_path: Path) -> None:
    """Two articles report the same agreement; once one is corrected to another type,
    neither counts the other as a source."""
    same = {"type": "agreement", "countries": ["DZ", "US"], "date": "2025-01-22"}
    events = _events(
        [
            {**same, "event_id": "e1", "article_id": "a1", "sentence": 1, "excerpt": SENTENCE},
            {**same, "event_id": "e2", "article_id": "a2", "sentence": 1, "excerpt": OTHER},
        ]
    )
    from core.build.cluster import cluster_events

    frames = _tables(cluster_events(events))
    assert list(frames["events"]["n_sources"]) == [2, 2]
    append(tmp_path, [_change("type", "agreement", "visit")])
    out = apply_corrections(frames, read_overlay(tmp_path)).frames["events"]
    assert list(out["n_sources"]) == [1, 1]


def test_cli_export_and_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from core.__main__ import main

    source, target, csv_path = tmp_path / "a", tmp_path / "b", tmp_path / "fixes.csv"
    append(source, [_change("status", "reported", "planned", reason="a plan")])
    assert main(["corrections", "export", str(csv_path), "--out", str(source)]) == 0
    assert main(["corrections", "import", str(csv_path), "--out", str(target)]) == 0
    assert main(["corrections", "import", str(csv_path), "--out", str(target)]) == 0
    assert "imported 0 entries" in capsys.readouterr().out
    assert [e.reason for e in read_log(target)] == ["a plan"]
    csv_path.write_text("id,timestamp\n1,x\n", encoding="utf-8")
    assert main(["corrections", "import", str(csv_path), "--out", str(target)]) == 1
    assert "not a corrections export" in capsys.readouterr().err
    backup = tmp_path / "copy.sqlite"
    assert main(["corrections", "backup", str(backup), "--out", str(target)]) == 0
    assert [e.reason for e in read_log_file(backup)] == ["a plan"]


def read_log_file(path: Path) -> list:
    """The log of a database file that is not named corrections.sqlite (a backup)."""
    folder = path.parent / "restored"
    folder.mkdir()
    (folder / "corrections.sqlite").write_bytes(path.read_bytes())
    return read_log(folder)


def test_pencil_marks_only_corrected_cells() -> None:
    from core.dashboard.corrections_view import pencil

    frame = pd.DataFrame(
        {"type": ["visit", "meeting"], "status": ["reported", "planned"],
         "corrected": [["type"], []]}
    )  # fmt: skip
    out = pencil(frame)
    assert list(out["type"]) == ["✏️ visit", "meeting"]
    assert list(out["status"]) == ["reported", "planned"]
    assert list(out["corrected"]) == ["type", ""]
    assert pencil(frame.drop(columns="corrected")).equals(frame.drop(columns="corrected"))


def test_log_filters(tmp_path: Path) -> None:
    from datetime import date

    from core.dashboard.corrections_view import filter_log

    append(tmp_path, [_change("type", "visit", "meeting")])
    append(tmp_path, [Change("bea", "actor", "person:a-b", "role", None, "minister")])
    log = read_log(tmp_path)
    assert list(filter_log(log, analysts=["bea"])["kind"]) == ["actor"]
    assert list(filter_log(log, kinds=["event"])["analyst"]) == ["ana"]
    today = date.fromisoformat(log[0].ts[:10])
    assert len(filter_log(log, day_from=today, day_to=today)) == 2
    assert filter_log(log, day_from=date(today.year + 1, 1, 1)).empty


def test_reclustering_after_a_correction_still_counts_outlets(tmp_path: Path) -> None:
    """Two articles of one outlet report the same visit: one source, two articles, before
    and after a correction that makes the events cluster again."""
    same = {"type": "visit", "countries": ["DZ", "FR"], "excerpt": SENTENCE, "sentence": 1}
    events = _events(
        [
            {**same, "event_id": "e1", "article_id": "a1"},
            {**same, "event_id": "e2", "article_id": "a2"},
            {"event_id": "e3", "article_id": "a1", "sentence": 2, "excerpt": OTHER,
             "type": "exercise", "countries": ["DZ", "FR"]},
        ]
    )  # fmt: skip
    frames = _tables(events)
    frames["articles"] = pd.DataFrame(
        {
            "article_id": ["a1", "a2"],
            "outlet": ["Le Quotidien", "Le Quotidien"],
            "url": [None, None],
        }
    )
    append(tmp_path, [_change("type", "exercise", "meeting", target=event_key("a1", OTHER))])
    out = apply_corrections(frames, read_overlay(tmp_path)).frames["events"]
    visits = out[out["type"] == "visit"]
    assert list(visits["n_articles"]) == [2, 2]
    assert list(visits["n_sources"]) == [1, 1]


def test_a_correction_changes_the_share_link_version(tmp_path: Path) -> None:
    from core.dashboard.corpus import corrections_digest

    frames = _tables(_two_events())
    before = corrections_digest(apply_corrections(frames, []).frames)
    append(tmp_path, [_change("type", "visit", "meeting")])
    after = corrections_digest(apply_corrections(frames, read_overlay(tmp_path)).frames)
    append(tmp_path, [_change("rejected", False, True, target=event_key("a1", OTHER))])
    rejected = corrections_digest(apply_corrections(frames, read_overlay(tmp_path)).frames)
    assert len({before, after, rejected}) == 3


def test_a_busy_database_publishes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A locked database is not a damaged one: the tables are not published uncorrected."""
    from core.build import corrections_store
    from core.build.store import read_tables

    frames = _tables(_two_events())
    corrections_store.write_built_tables(tmp_path, frames)
    append(tmp_path, [_change("type", "visit", "meeting")])

    def busy(_: Path) -> list:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(corrections_store, "read_overlay", busy)
    changed = _tables(_two_events().assign(type="statement"))
    with pytest.raises(corrections_store.CorrectionsBusy, match="not published"):
        corrections_store.write_built_tables(tmp_path, changed)
    assert list(read_tables(tmp_path)["events"]["type"]) == ["visit", "exercise"]


def test_a_build_without_corrections_publishes_the_extractors_files(tmp_path: Path) -> None:
    from core.build.corrections_store import CORRECTABLE, extracted_dir, write_built_tables
    from core.build.store import encode_tables, read_table
    from tests.synthetic import synthetic_tables

    frames = synthetic_tables(n_events=60, n_articles=8, n_actors=6, seed=2)
    write_built_tables(tmp_path, frames, stamp=b"{}")
    for name in CORRECTABLE:
        published = (tmp_path / f"{name}.parquet").read_bytes()
        assert published == (extracted_dir(tmp_path) / f"{name}.parquet").read_bytes()
    # The same files as applying an empty overlay: `corrected` holds empty lists, not nulls.
    applied = apply_corrections(frames, []).frames
    for name in CORRECTABLE:
        assert encode_tables({name: frames[name]}) == encode_tables({name: applied[name]})
    assert all(v == [] for v in read_table(tmp_path, "events")["corrected"].map(list))
