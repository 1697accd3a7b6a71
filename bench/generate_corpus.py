# LOAD ONLY, NEVER QUALITY EVIDENCE. The articles this writes are seed sentences
# reshuffled with random countries, capitals, demonyms, people and dates: they read
# like French defence news to spaCy and the extractor (so the build does real work and
# every article hash differs), but what they "report" is nonsense. Use them to time
# and size things, never to score the extractor or to demo the dashboard.
"""Generate N French news-like articles plus a manifest.csv for the benchmarks.

`python bench/generate_corpus.py N OUT_DIR [--seed S]`

The seed corpus (data/articles) is read and split into sentences at run time; the
substitution pools come from the gazetteer and people data files. Nothing from a
seed article is written in this file, so it keeps working when the seeds change.
Deterministic: the same N, seed and data files give byte-identical output.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # runnable as a script from anywhere
    sys.path.insert(0, str(ROOT))

from core import config  # noqa: E402
from core.build.store import atomic_write_bytes  # noqa: E402
from core.ingest.article import scan_corpus  # noqa: E402
from core.ingest.manifest import MANIFEST_NAME  # noqa: E402
from core.nlp.sentences import split_sentences  # noqa: E402

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
OUTLETS = (
    "Algérie360", "TSA", "APS", "AFP", "Le Monde", "TV5Monde", "Jeune Afrique", "Reuters",
    "El Watan", "Hespress", "RFI", "Le Figaro", "L'Orient-Le Jour", "Le Matin", "Sputnik",
)  # fmt: skip
MIN_BYTES, MAX_BYTES = 2000, 5000
_HEADING_MAX = 110  # a line this short without final punctuation is a subheading
_YEARS = (1995, 2026)


@dataclass(frozen=True)
class Pools:
    """What can be swapped in: read from the data files once per run."""

    countries: list[str]  # French names
    capitals: list[str]
    demonyms: list[tuple[str, str]]  # (masculine, feminine), lowercase
    people: list[str]  # canonical full names
    sentences: list[list[str]]  # per seed article, in order
    headings: list[str]


@dataclass(frozen=True)
class Generated:
    """One generated article and its manifest row."""

    file: str
    text: str
    title: str
    outlet: str
    url: str
    published: str


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _starts_with_vowel(word: str) -> bool:
    """Elision class of a name: l'Algérie vs la France (keep it when swapping)."""
    base = unicodedata.normalize("NFD", word[:1]).lower()[:1]
    return base in "aeiouyh"


def load_pools(seed_dir: Path | None = None) -> Pools:
    """Substitution pools from data/gazetteer + data/people, sentences from the seeds."""
    gaz = config.DATA_DIR / "gazetteer"
    countries = _csv_rows(gaz / "countries.csv")
    names = sorted({r["name_fr"] for r in countries if r["name_fr"]})
    capitals = sorted({r["capital_fr"] for r in countries if r["capital_fr"]})
    demonyms = sorted(
        {
            (r["fr_m"], r["fr_f"])
            for r in _csv_rows(gaz / "supplement" / "demonyms.csv")
            if r["fr_m"] and r["fr_f"] and " " not in r["fr_m"]
        }
    )
    people = sorted(
        {r["name"] for r in _csv_rows(config.DATA_DIR / "people" / "notable_people.csv")}
    )
    articles, _ = scan_corpus(seed_dir or config.DATA_DIR / "articles")
    sentences: list[list[str]] = []
    headings: list[str] = []
    for article in sorted(articles, key=lambda a: a.file):
        if article.language != "fr":
            continue
        mine: list[str] = []
        for span in split_sentences(article.text):
            sentence = article.text[span.start : span.end].strip()
            if len(sentence) < _HEADING_MAX and sentence[-1:] not in '.!?»”"…':
                headings.append(sentence)
            elif len(sentence) > 20:
                mine.append(sentence)
        if mine:
            sentences.append(mine)
    if not sentences:
        raise SystemExit("no French seed sentences found in the seed corpus")
    return Pools(names, capitals, demonyms, people, sentences, headings or ["Coopération"])


class Perturber:
    """Swaps every country, capital, demonym, person and date in a text for another
    drawn at random, consistently within one article (same original, same swap)."""

    def __init__(self, pools: Pools) -> None:
        self.pools = pools
        gaz = config.DATA_DIR / "gazetteer"
        self.kind: dict[str, tuple[str, str]] = {}  # surface form -> (kind, key)
        for name in pools.countries:
            self.kind[name] = ("country", name)
        for row in _csv_rows(gaz / "supplement" / "country_variants.csv"):
            if row["mode"] == "name" and row["alias"][:1].isupper():
                self.kind.setdefault(row["alias"], ("country", row["alias"]))
        for form in [f for f, (kind, _) in self.kind.items() if kind == "country"]:
            self.kind.setdefault(form.replace("-", " "), self.kind[form])  # "Etats Unis"
        for cap in pools.capitals:
            self.kind.setdefault(cap, ("capital", cap))
        for i, (masc, fem) in enumerate(pools.demonyms):
            for form, tag in ((masc, "m"), (fem, "f"), (masc + "s", "mp"), (fem + "s", "fp")):
                for variant in (form, form[:1].upper() + form[1:]):
                    self.kind.setdefault(variant, ("demonym", f"{i}:{tag}"))
        for row in _csv_rows(config.DATA_DIR / "people" / "notable_people.csv"):
            for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
                self.kind.setdefault(alias, ("person", row["name"]))
        forms = sorted(self.kind, key=len, reverse=True)
        self.entity_re = re.compile(
            r"(?<![\w-])(" + "|".join(map(re.escape, forms)) + r")(?![\w-])"
        )
        month = "|".join(MONTHS)
        self.date_re = re.compile(
            rf"\b(?:(\d{{1,2}}(?:er)?)\s+(?:(?:au|et)\s+\d{{1,2}}\s+)?(?:de\s+)?)?"
            rf"({month})(?:\s+((?:19|20)\d\d))?\b|\b((?:19|20)\d\d)\b"
        )
        vowel = [c for c in pools.countries if _starts_with_vowel(c)]
        consonant = [c for c in pools.countries if not _starts_with_vowel(c)]
        self.by_elision = {True: vowel, False: consonant}
        self.capitals_by_elision = {
            v: [c for c in pools.capitals if _starts_with_vowel(c) == v] for v in (True, False)
        }

    def _swap_entity(self, match: re.Match[str], rng: random.Random, memo: dict) -> str:
        surface = match.group(1)
        kind, key = self.kind[surface]
        if kind == "country":
            if key not in memo:
                memo[key] = rng.choice(self.by_elision[_starts_with_vowel(surface)])
            return memo[key]
        if kind == "capital":
            if key not in memo:
                memo[key] = rng.choice(self.capitals_by_elision[_starts_with_vowel(surface)])
            return memo[key]
        if kind == "demonym":
            index, tag = key.split(":")
            pick = memo.setdefault(f"dem{index}", rng.choice(self.pools.demonyms))
            word = pick[0] if tag.startswith("m") else pick[1]
            word += "s" if tag.endswith("p") and not word.endswith("s") else ""
            return word[:1].upper() + word[1:] if surface[:1].isupper() else word
        new = memo.setdefault(f"person:{key}", rng.choice(self.pools.people))
        full = len(surface.split()) > 1 or surface == key
        return new if full else new.split()[-1]

    def _swap_date(self, match: re.Match[str], rng: random.Random, memo: dict) -> str:
        if match.group(4):  # a bare year
            year = memo.setdefault(f"y{match.group(4)}", rng.randint(*_YEARS))
            return str(year)
        parts = []
        if match.group(1):
            day = rng.randint(1, 28)
            parts.append("1er" if day == 1 else str(day))
        parts.append(rng.choice(MONTHS))
        if match.group(3):
            parts.append(str(memo.setdefault(f"y{match.group(3)}", rng.randint(*_YEARS))))
        return " ".join(parts)

    def perturb(self, text: str, rng: random.Random, memo: dict) -> str:
        """The text with entities and dates swapped (memo keeps an article consistent)."""
        text = self.entity_re.sub(lambda m: self._swap_entity(m, rng, memo), text)
        return self.date_re.sub(lambda m: self._swap_date(m, rng, memo), text)


def _sentence_walk(pools: Pools, rng: random.Random) -> Iterator[str]:
    """Seed sentences mostly in their original order, with random jumps between seeds."""
    article = rng.randrange(len(pools.sentences))
    index = rng.randrange(len(pools.sentences[article]))
    while True:
        yield pools.sentences[article][index]
        if rng.random() < 0.3:
            article = rng.randrange(len(pools.sentences))
            index = rng.randrange(len(pools.sentences[article]))
        else:
            index = (index + 1) % len(pools.sentences[article])


def _published(rng: random.Random) -> str:
    year, month, day = rng.randint(2000, 2026), rng.randint(1, 12), rng.randint(1, 28)
    roll = rng.random()
    if roll < 0.8:
        return f"{year}-{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if roll < 0.95 else str(year)


def generate(
    n: int, *, seed: int = 0, prefix: str = "gen", pools: Pools | None = None
) -> list[Generated]:
    """N distinct articles (3-6 paragraphs, 2-5 KB of UTF-8), deterministic per seed."""
    pools = pools or load_pools()
    perturber = Perturber(pools)
    rng = random.Random(seed)
    seen: set[str] = set()
    out: list[Generated] = []
    while len(out) < n:
        memo: dict = {}
        target = rng.randint(MIN_BYTES + 300, MAX_BYTES - 300)
        n_paras = rng.randint(3, 6)
        walk = _sentence_walk(pools, rng)
        paras: list[list[str]] = [[] for _ in range(n_paras)]
        size = 0
        for i in range(n_paras):  # fill paragraphs in turn up to the target size
            share = target * (i + 1) // n_paras
            while size < share or not paras[i]:
                sentence = perturber.perturb(next(walk), rng, memo)
                if size + len(sentence.encode()) > MAX_BYTES - 200 and paras[i]:
                    break
                paras[i].append(sentence)
                size += len(sentence.encode()) + 1
        blocks: list[str] = []
        for i, para in enumerate(paras):
            if i and rng.random() < 0.3:
                blocks.append(perturber.perturb(rng.choice(pools.headings), rng, memo))
            blocks.append(" ".join(para))
        text = "\n\n".join(blocks) + "\n"
        if text in seen or not MIN_BYTES <= len(text.encode()) <= MAX_BYTES:
            continue
        seen.add(text)
        number = len(out)
        title = perturber.perturb(rng.choice(pools.headings), rng, memo)
        outlet = rng.choice(OUTLETS)
        slug = f"{prefix}-{seed}-{number}"
        out.append(
            Generated(
                file=f"{prefix}_{seed}_{number:06d}.txt",
                text=text,
                title=title,
                outlet=outlet,
                url=f"https://example.invalid/{slug}",
                published=_published(rng),
            )
        )
    return out


def write_corpus(articles: list[Generated], out_dir: Path, *, append: bool = False) -> None:
    """Article files plus manifest.csv (appended to when `append`), written atomically."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = out_dir / MANIFEST_NAME
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if append and manifest.exists():
        buf.write(manifest.read_text(encoding="utf-8"))
    else:
        writer.writerow(["file", "title", "outlet", "url", "language", "published"])
    for a in articles:
        (out_dir / a.file).write_text(a.text, encoding="utf-8")
        writer.writerow([a.file, a.title, a.outlet, a.url, "fr", a.published])
    atomic_write_bytes(manifest, buf.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--prefix", default="gen", help="file name prefix")
    parser.add_argument("--append", action="store_true", help="add to an existing corpus")
    args = parser.parse_args(argv)
    articles = generate(args.n, seed=args.seed, prefix=args.prefix)
    write_corpus(articles, args.out_dir, append=args.append)
    total = sum(len(a.text.encode()) for a in articles)
    print(f"wrote {len(articles)} articles ({total / 1e6:.1f} MB) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
