"""The facts rule, as a test: every number in content/ that claims to be real appears in the
project's fact sheet (docs/facts.md) with the same value, and carries its source number; every
quotation in content/ is listed in the sheet with its speaker and date, and is not used before
that date.

For every text field of every TOML file under content/ — except tables marked `invented = true`
(or under one), and sentences that say they are invented — the test pulls out the numeric claims:
percentages (27.5%), money ($550B, ¥211bn, ¥1,055.1B), dates (July 9, 2025-06-04) and plain
counts (54,000 personnel, 37 of 47 prefectures), and then asks of each:

1. is the same value in facts.md, in a fact tagged S or S* (an R fact, recalled and unsourced,
   may never be stated as fact);
2. does the table, or its nearest parent, carry a non-empty `sources` list, and does that list
   name a source facts.md gives for this value;
3. when facts.md has the value only from a weak source (S*), does the sentence say so
   ("reportedly", "a weakly sourced figure" …)?

It also checks that every `sources` list in content/ names sources that exist. A failure lists
every problem as `file:key.path: value: what is wrong`.

Quotations: every span in quotation marks in a content string (other than a few names of things,
QUOTE_NAMES) must be, or be part of, a quote in the sheet's section 10 table, whose row gives the
speaker and the date. No hindsight: a table that is shown from a date (an event, from its first
round; a brief, the scenario's description, its meters and signals, from round 1; a round's
label, from that round) may not quote words said after that date. Reference text (issues,
glossary, the historical deal, teaching notes) tells the whole story and has no date.

docs/facts.md is the project's own fact sheet (no longer a copy of one outside the repository);
$TNT_FACTS overrides it. The known-bad fixtures in tests/facts_bad/ prove each rule fails when
broken.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


FACTS = ROOT / "docs" / "facts.md"
BAD = ROOT / "tests" / "facts_bad"


def _facts_path() -> Path | None:
    candidates = [os.environ.get("TNT_FACTS", ""), str(FACTS)]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


# ---------------------------------------------------------------------------------------------
# What counts as a number, and what is a game mechanic rather than a claim

# Game mechanics, not claims about the world: a number inside one of these phrases is not
# checked. Keep this list short, and never put a real-world figure here.
MECHANICS = [
    re.compile(r"\bround \d+", re.I),  # "Round 1: …", "from round 4 on": the game's calendar
    re.compile(r"\b\d+ rounds?\b"),  # "8 rounds": a variant's length
    re.compile(r"\b\d+ issues\b"),  # "5 issues": a variant's size
    re.compile(r"\bout of 100\b"),  # scores are points out of 100
    re.compile(r"\b\d+% less for each round\b"),  # the hard difficulty's per-round discount
]

# Keys whose strings are ids, dates or references, not prose.
ID_KEYS = {"id", "verb", "meter", "side", "issue", "option", "event", "family", "decider", "kind"}
ID_LIKE = re.compile(r"^[a-z0-9_-]+$")
# A sentence that says any of these flags a weakly sourced (S*) figure as such.
WEAK_MARKERS = re.compile(
    r"reportedly|reports?\b|reported|weakly sourced|weak source|a claimed|claimed|according to"
    r"|unconfirmed|said to|disputed|contested|sources differ",
    re.I,
)
INVENTED_WORD = re.compile(r"invent", re.I)
# "(Invented option.)", "(Invented counterfactual …)": the whole table is the game's invention
INVENTED_TABLE = re.compile(r"\(\s*(?:an?\s+)?invented\b", re.I)

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_DASH = r"\s*(?:–|-|to)\s*"
SCALE = {
    "t": 1e12,
    "tn": 1e12,
    "trillion": 1e12,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "m": 1e6,
    "million": 1e6,
}
MONEY = re.compile(
    rf"([$¥])\s?({_NUM})(?:{_DASH}[$¥]?({_NUM}))?\s?(trillion|billion|million|tn|bn|T|B|M)?(?![A-Za-z])"
)
PERCENT = re.compile(rf"({_NUM})(?:\s*(?:–|-)\s*({_NUM}))?\s*%")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
NAMED_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:{_DASH}(\d{{1,2}}))?(?![\d,.]*\d)")
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}(?=[\s,.;:)]|$)")
FISCAL = re.compile(r"\bFY(\d{4})(?:\s*[–-]\s*(\d{2}))?")
# numbers that are part of a name: presence in the sheet is enough, like a year's
NAMES = re.compile(r"\b(?:Section|Executive Order|Order)\s+(\d+)\b")
YEAR = re.compile(r"(?:19|20)\d\d")
PLAIN = re.compile(rf"(?<![\w.$¥])({_NUM})(?:M|Mt|GW)?(?![\w%])")


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@dataclass(frozen=True)
class Claim:
    # percent | money | date | number, and year | name (the sheet must have them, but any
    # source will do: "in 2025" or "Section 232" need no source of their own)
    kind: str
    value: tuple[object, ...]
    shown: str  # as written in the text

    def key(self) -> tuple[str, tuple[object, ...]]:
        return (self.kind, self.value)


def claims_in(text: str) -> list[Claim]:
    """Every numeric claim in a piece of text, typed and normalised. Spans taken by a typed
    claim (money, percent, date) are blanked so their digits are not counted again as plain
    numbers."""
    found: list[Claim] = []
    chars = list(text)

    def take(match: re.Match[str]) -> None:
        for i in range(match.start(), match.end()):
            chars[i] = " "

    for pattern in MECHANICS:
        for m in pattern.finditer(text):
            take(m)
    text = "".join(chars)
    for m in NAMES.finditer(text):
        found.append(Claim("name", (float(m.group(1)),), m.group(0)))
        take(m)
    text = "".join(chars)
    for m in MONEY.finditer(text):
        scale = SCALE.get((m.group(4) or "").lower(), 1.0)
        for part in (m.group(2), m.group(3)):
            if part:
                value = round(_number(part) * scale, 3)
                found.append(Claim("money", (m.group(1), value), m.group(0).strip()))
        take(m)
    text = "".join(chars)
    for m in ISO_DATE.finditer(text):
        found.append(Claim("date", (int(m.group(2)), int(m.group(3))), m.group(0)))
        found.append(Claim("year", (float(m.group(1)),), m.group(1)))
        take(m)
    text = "".join(chars)
    for m in NAMED_DATE.finditer(text):
        month = MONTHS[m.group(1)[:3].lower()]
        for day in (m.group(2), m.group(3)):
            if day:
                found.append(Claim("date", (month, int(day)), m.group(0)))
        take(m)
    text = "".join(chars)
    for m in DAY_MONTH.finditer(text):
        month = MONTHS[m.group(2)[:3].lower()]
        found.append(Claim("date", (month, int(m.group(1))), m.group(0)))
        take(m)
    text = "".join(chars)
    for m in PERCENT.finditer(text):
        for part in (m.group(1), m.group(2)):
            if part:
                found.append(Claim("percent", (_number(part),), m.group(0)))
        take(m)
    text = "".join(chars)
    for m in FISCAL.finditer(text):
        found.append(Claim("year", (float(m.group(1)),), m.group(0)))
        if m.group(2):
            found.append(Claim("number", (float(m.group(2)),), m.group(0)))
        take(m)
    text = "".join(chars)
    for m in PLAIN.finditer(text):
        value = _number(m.group(1))
        kind = "year" if YEAR.fullmatch(m.group(0)) else "number"
        found.append(Claim(kind, (value,), m.group(0)))
    return found


# ---------------------------------------------------------------------------------------------
# facts.md: fact units, each with its sources and its tag (S, S*, R)


@dataclass
class Fact:
    text: str
    sources: set[int]
    tag: str  # "S", "S*", "R" or "" (inherited later)
    indent: int
    section: int
    claims: set[tuple[str, tuple[object, ...]]] = field(default_factory=set)
    numbers: set[float] = field(default_factory=set)


_TAG = r"(S/S\\\*|S\\\*|S|R)"
# "[22][23][25] S", "[3] S\\*.", "R (inferred)": the sources and tag that close a fact
_CLOSER = re.compile(rf"((?:\[\d+\])+)\s*{_TAG}(?!\w)\.?:?|\s{_TAG}(?: \(inferred\))?\s*$")
_ROW_TAG = re.compile(rf"^{_TAG}(?!\w)\s*((?:\[\d+\])*)")
_SOURCE_REF = re.compile(r"\[(\d+)\]")


def _tag(text: str) -> str:
    return {"S/S\\*": "S", "S\\*": "S*"}.get(text, text)


@dataclass
class Facts:
    facts: list[Fact]
    source_numbers: set[int]

    def lookup(self, claim: Claim) -> list[Fact]:
        if claim.kind in ("number", "year", "name"):
            return [f for f in self.facts if claim.value[0] in f.numbers]
        return [f for f in self.facts if claim.key() in f.claims]


def _facts_dates(text: str) -> list[tuple[int, int]]:
    """The fact sheet also writes dates as `04-16`, `2025-02-07`, `04-30→05-02`, `08-05→08`."""
    dates = []
    for m in re.finditer(r"(?<![\d-])(?:\d{4}-)?(\d{2})-(\d{2})(?:→(?:(\d{2})-)?(\d{2}))?", text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            dates.append((month, day))
            if m.group(4):
                dates.append((int(m.group(3) or month), int(m.group(4))))
    return dates


def _segments(line: str) -> list[tuple[str, set[int], str]]:
    """A line as facts: a table row is one fact, its last cell the tag and sources; a bullet can
    hold several facts, each closed by its own sources and tag."""
    if line.startswith("|"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        m = _ROW_TAG.match(cells[-1])
        if m is None:
            return [(line, set(), "")]
        refs = {int(n) for n in _SOURCE_REF.findall(m.group(2))}
        return [(" | ".join(cells[:-1]), refs, _tag(m.group(1)))]
    segments = []
    start = 0
    for m in _CLOSER.finditer(line):
        refs = {int(n) for n in _SOURCE_REF.findall(line[start : m.end()])}
        segments.append((line[start : m.end()], refs, _tag(m.group(2) or m.group(3))))
        start = m.end()
    if line[start:].strip():
        rest = line[start:]
        segments.append((rest, {int(n) for n in _SOURCE_REF.findall(rest)}, ""))
    return segments


# the sheet's notes about itself, not facts
NOT_FACTS = (
    "- Not found:",
    "- Claims from sources with evident errors",
    "Not changed and still unconfirmed",  # section 12's summary: its rows are the facts
    "A pass over every sentence",  # and its preamble
)


def parse_facts(text: str) -> Facts:
    body, _, sources_part = text.partition("## Sources")
    source_numbers = {int(n) for n in re.findall(r"(?:^|·)\s*(\d+) \S", sources_part, re.M)}
    # the preamble explains the tags; the facts start at the first numbered section
    body = body[body.index("## 1.") :]
    facts: list[Fact] = []
    section = 0
    for raw in body.splitlines():
        if raw.startswith("#"):
            section += 1
            continue
        if not raw.strip() or set(raw.strip()) <= set("|- ") or raw.startswith(NOT_FACTS):
            continue
        indent = len(raw) - len(raw.lstrip())
        for segment, refs, tag in _segments(raw.strip()):
            facts.append(Fact(segment, refs, tag, indent, section))
    _inherit(facts)
    for fact in facts:
        cleaned = _SOURCE_REF.sub(" ", fact.text)
        for claim in claims_in(cleaned):
            fact.claims.add(claim.key())
        for month, day in _facts_dates(cleaned):
            fact.claims.add(("date", (month, day)))
        for m in re.finditer(_NUM, cleaned):
            fact.numbers.add(_number(m.group(0)))
    return Facts(facts, source_numbers)


def _inherit(facts: list[Fact]) -> None:
    """A fact without sources takes its parent bullet's (the nearest line above with less
    indent); a heading bullet takes those of the bullets under it; failing both, a line takes
    those of the next line at its own level in its section that has some."""
    for fact in facts:
        if fact.sources:
            fact.tag = fact.tag or "S"
            continue
        same = [f for f in facts if f.section == fact.section]
        j = same.index(fact)
        parent = next((f for f in reversed(same[:j]) if f.indent < fact.indent), None)
        children = []
        for f in same[j + 1 :]:
            if f.indent <= fact.indent:
                break
            children.append(f)
        if parent is not None and parent.sources:
            fact.sources, fact.tag = set(parent.sources), fact.tag or parent.tag
        elif any(c.sources for c in children):
            fact.sources = {n for c in children for n in c.sources}
            tags = {c.tag for c in children if c.sources}
            fact.tag = fact.tag or ("S" if "S" in tags else min(tags))
        else:
            sibling = next(
                (f for f in same[j + 1 :] if f.indent == fact.indent and f.sources), None
            )
            if sibling is not None:
                fact.sources, fact.tag = set(sibling.sources), fact.tag or sibling.tag
        fact.tag = fact.tag or "S"


# ---------------------------------------------------------------------------------------------
# content/: every text field, with what governs it


@dataclass
class Field:
    path: Path
    key: str
    text: str
    sources: list[int] | None  # the nearest `sources` list above (or on) its table
    invented: bool  # the table, or one above it, is marked invented
    is_date: bool = False


def _invented_table(table: dict[str, object]) -> bool:
    return any(isinstance(v, str) and INVENTED_TABLE.search(v) for v in table.values())


def walk(
    node: object,
    path: Path,
    key: str = "",
    sources: list[int] | None = None,
    invented: bool = False,
) -> Iterator[Field]:
    if isinstance(node, dict):
        if isinstance(node.get("sources"), list):
            sources = [int(n) for n in node["sources"]]
        if isinstance(node.get("invented"), bool):
            invented = node["invented"]
        invented = invented or _invented_table(node)
        # "(date approximate, invented)" in a round's label: its date is invented too
        date_invented = any(
            isinstance(v, str) and INVENTED_WORD.search(v) and "date" in v.lower()
            for v in node.values()
        )
        for name, value in node.items():
            child = f"{key}.{name}" if key else name
            if name == "date" and isinstance(value, str):
                yield Field(path, child, value, sources, invented or date_invented, True)
            elif name in ID_KEYS or name == "sources":
                continue
            else:
                yield from walk(value, path, child, sources, invented)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from walk(item, path, f"{key}[{i}]", sources, invented)
    elif isinstance(node, str) and not ID_LIKE.match(node):
        yield Field(path, key, node, sources, invented)


def sentences(text: str) -> list[str]:
    """Sentences, keeping "U.S." whole; a parenthesis after a full stop starts a sentence of its
    own, so "(Starting level invented.)" exempts only itself."""
    text = " ".join(text.split())
    parts = re.split(r"(?<!U\.S\.)(?<=[.!?])\s+(?=[A-Z\"“(])", text)
    return [p for p in parts if p]


def all_sources(node: object, key: str = "") -> Iterator[tuple[str, object]]:
    if isinstance(node, dict):
        for name, value in node.items():
            child = f"{key}.{name}" if key else name
            if name == "sources":
                yield child, value
            else:
                yield from all_sources(value, child)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from all_sources(item, f"{key}[{i}]")


# ---------------------------------------------------------------------------------------------
# The checks


def content_files() -> list[Path]:
    return sorted(CONTENT.rglob("*.toml"))


def problems(facts: Facts) -> list[str]:
    found: list[str] = []
    for path in content_files():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT).as_posix()
        for key, value in all_sources(data):
            numbers = value if isinstance(value, list) else [value]
            missing = [n for n in numbers if n not in facts.source_numbers]
            if missing:
                found.append(f"{rel}:{key}: {missing}: no such source in facts.md")
        for fld in walk(data, path):
            if fld.invented:
                continue
            found.extend(f"{rel}:{fld.key}: {p}" for p in check_field(fld, facts))
    return found


def check_field(fld: Field, facts: Facts) -> Iterator[str]:
    if fld.is_date:
        m = ISO_DATE.fullmatch(fld.text)
        if not m:
            return
        claims = [Claim("date", (int(m.group(2)), int(m.group(3))), fld.text)]
        yield from check_claims(claims, fld, facts, fld.text)
        return
    parts = sentences(fld.text)
    for i, sentence in enumerate(parts):
        if INVENTED_WORD.search(sentence):
            continue  # the sentence says it is invented
        # a note in brackets right after a sentence qualifies it: "(a weakly sourced figure)"
        after = parts[i + 1] if i + 1 < len(parts) and parts[i + 1].startswith("(") else ""
        yield from check_claims(claims_in(sentence), fld, facts, f"{sentence} {after}")


def check_claims(claims: list[Claim], fld: Field, facts: Facts, sentence: str) -> Iterator[str]:
    for claim in claims:
        shown = claim.shown
        matches = [f for f in facts.lookup(claim) if f.tag != "R"]
        if not matches:
            recalled = facts.lookup(claim)
            why = "only an unsourced (R) fact in facts.md" if recalled else "not in facts.md"
            yield f"{shown}: {why}"
            continue
        if claim.kind in ("year", "name"):
            continue
        if not fld.sources:
            yield f"{shown}: no sources on this table or above it"
            continue
        cited = [f for f in matches if f.sources & set(fld.sources)]
        if not cited:
            given = sorted({n for f in matches for n in f.sources})
            yield f"{shown}: cites {fld.sources}, but facts.md gives it {given}"
            continue
        if all(f.tag == "S*" for f in cited) and not WEAK_MARKERS.search(sentence):
            yield f"{shown}: weakly sourced (S*) in facts.md; the text must say so"


# ---------------------------------------------------------------------------------------------
# Tests


@pytest.fixture(scope="module")
def facts() -> Facts:
    path = _facts_path()
    if path is None:
        pytest.fail("docs/facts.md not found")
    return parse_facts(path.read_text(encoding="utf-8"))


def test_every_real_number_is_in_the_facts_with_its_source(facts: Facts) -> None:
    found = problems(facts)
    assert not found, "numbers in content/ the fact sheet does not back:\n" + "\n".join(found)


def test_the_fact_sheet_parses(facts: Facts) -> None:
    # the parser found the sources and the facts it must know, tagged as the sheet tags them
    assert set(range(1, 98)) <= facts.source_numbers
    by_claim = {
        c: f
        for f in facts.facts
        for c in f.claims
        if c in {("percent", (24.0,)), ("money", ("¥", 211e9)), ("date", (7, 9))}
    }
    assert len(by_claim) == 3
    nikkei = facts.lookup(Claim("money", ("¥", 1600.0), "¥1,600"))
    assert nikkei and all(f.tag == "S*" and 3 in f.sources for f in nikkei)
    units = facts.lookup(Claim("number", (1.3,), "1.3"))
    assert units and all(f.tag == "R" for f in units)
    exports = facts.lookup(Claim("money", ("¥", 21.3e12), "¥21.3T"))
    assert exports and all(61 in f.sources for f in exports)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cars pay 27.5%", [("percent", (27.5,))]),
        ("about ¥211bn a year", [("money", ("¥", 211e9))]),
        ("¥211 billion", [("money", ("¥", 211e9))]),
        ("a $550B vehicle", [("money", ("$", 550e9))]),
        (
            "¥1,055.1B over FY2022–26",
            [("money", ("¥", 1055.1e9)), ("year", (2022.0,)), ("number", (26.0,))],
        ),
        ("On July 9, 2025", [("date", (7, 9)), ("year", (2025.0,))]),
        ("2025-06-04", [("date", (6, 4)), ("year", (2025.0,))]),
        ("from April 14 to 18", [("date", (4, 14)), ("date", (4, 18))]),
        ("37 of 47 prefectures", [("number", (37.0,)), ("number", (47.0,))]),
        ("Round 3: after 8 rounds, out of 100", []),
        ("the G7 and the 2+2", [("number", (2.0,)), ("number", (2.0,))]),
    ],
)
def test_claims_are_read_and_normalised(text: str, expected: list[object]) -> None:
    assert [c.key() for c in claims_in(text)] == expected


def test_the_check_catches_a_wrong_number_a_missing_source_and_a_weak_figure(
    facts: Facts,
) -> None:
    def check(text: str, sources: list[int] | None) -> list[str]:
        return list(check_field(Field(Path("x.toml"), "k", text, sources, False), facts))

    assert check("Japan's rate was 24%.", [1]) == []
    assert check("Japan's rate was 26%.", [1]) == ["26%: not in facts.md"]
    assert check("Japan's rate was 24%.", None) == ["24%: no sources on this table or above it"]
    assert check("Japan's rate was 24%.", [60]) == [
        "24%: cites [60], but facts.md gives it [1, 3, 74]"
    ]
    assert check("The Nikkei fell ¥1,600.", [3]) == [
        "¥1,600: weakly sourced (S*) in facts.md; the text must say so"
    ]
    assert check("The Nikkei reportedly fell ¥1,600.", [3]) == []
    assert check("About 1.3M units a year.", [62]) == [
        "1.3M: only an unsourced (R) fact in facts.md"
    ]
    # an invented label covers its own sentence, not the one before it
    assert check("A 93% top-up. (Invented.)", [1]) == ["93%: not in facts.md"]
    assert check("A 93% top-up, invented for the game.", [1]) == []
    # years and the numbers in a law's name need only be in the sheet
    assert check("In 2025, under Section 232.", None) == []
    assert check("In 2031, under Section 233.", None) == [
        "Section 233: not in facts.md",
        "2031: not in facts.md",
    ]


def test_invented_tables_and_mechanics_are_not_claims(tmp_path: Path) -> None:
    data = {
        "sources": [1],
        "rounds": [{"date": "2025-05-16", "label": "Round 3 (date approximate, invented)"}],
        "options": [{"label": "¥400B a year", "note": "Nearly double. (Invented option.)"}],
        "events": [{"invented": True, "text": "Beijing offers 99% off.", "date": "2025-05-17"}],
        "variant": {"description": "5 issues, 8 rounds, scored out of 100."},
        "real": {"text": "Cars paid 27.5% from April 3."},
    }
    fields = {f.key: f for f in walk(data, tmp_path / "x.toml")}
    assert fields["rounds[0].date"].invented and fields["options[0].label"].invented
    assert fields["events[0].text"].invented and fields["events[0].date"].invented
    assert not fields["real.text"].invented and fields["real.text"].sources == [1]
    assert claims_in(fields["variant.description"].text) == []


# ---------------------------------------------------------------------------------------------
# Quotations: listed with speaker and date, and no hindsight

# Names of things written in quotation marks, not words someone said.
QUOTE_NAMES = {"reciprocal", "inclusive"}
QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”')
QUOTE_ROW = re.compile(r'^\|\s*"([^"]+)"\s*\|([^|]+)\|\s*(\d{4}-\d{2}-\d{2})\s*\|')


@dataclass(frozen=True)
class Quote:
    words: str
    speaker: str
    date: str  # ISO


def _norm(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").lower()
    return " ".join(text.split()).strip(" .,;:!?")


def parse_quotes(text: str) -> list[Quote]:
    """The rows of section 10 of the fact sheet: quote, speaker, ISO date, sources and status."""
    body = text.split("## 10.", 1)[1].split("\n## ", 1)[0] if "## 10." in text else ""
    quotes = []
    for line in body.splitlines():
        m = QUOTE_ROW.match(line.strip())
        if m and m.group(2).strip():
            quotes.append(Quote(_norm(m.group(1)), m.group(2).strip(), m.group(3)))
    return quotes


def _round_dates(content: Path) -> list[str]:
    dates: list[str] = []
    for path in content.rglob("scenario.toml"):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        dates = [r["date"] for r in data.get("rounds", [])]
    return dates


def _entry(data: dict[str, object], key: str) -> dict[str, object]:
    """The top-level table a key path lies in: `events[3].options[0].label` -> events[3]."""
    m = re.match(r"(\w+)\[(\d+)\]", key)
    items = data.get(m.group(1)) if m else None
    if m and isinstance(items, list) and isinstance(items[int(m.group(2))], dict):
        entry: dict[str, object] = items[int(m.group(2))]
        return entry
    return {}


def _shown_from(name: str, key: str, data: dict[str, object], rounds: list[str]) -> str | None:
    """The first day a string can be on screen, or None for undated reference text."""
    first = rounds[0] if rounds else None
    top = re.split(r"[.\[]", key, maxsplit=1)[0]
    if name == "briefs.toml":
        return first
    if name == "events.toml" and top == "events":
        trigger = _entry(data, key).get("trigger", {})
        start = int(trigger.get("round_min", 1)) if isinstance(trigger, dict) else 1
        return rounds[start - 1] if len(rounds) >= start else first
    if name == "scenario.toml":
        if top == "rounds":
            return str(_entry(data, key).get("date", first))
        if top in ("description", "title", "meters", "signals", "ratification"):
            return first
    return None


def quote_problems(content: Path, quotes: list[Quote]) -> list[str]:
    found: list[str] = []
    rounds = _round_dates(content)
    for path in sorted(content.rglob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for key, text in _strings(data):
            found.extend(_check_quotes(path.name, key, text, data, rounds, quotes))
    return found


def _strings(node: object, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for name, value in node.items():
            if name not in ID_KEYS:
                yield from _strings(value, f"{key}.{name}" if key else name)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _strings(item, f"{key}[{i}]")
    elif isinstance(node, str):
        yield key, node


def _check_quotes(
    name: str, key: str, text: str, data: dict[str, object], rounds: list[str], quotes: list[Quote]
) -> Iterator[str]:
    for m in QUOTED.finditer(text):
        words = _norm(m.group(1) or m.group(2))
        if words in QUOTE_NAMES:
            continue
        rows = [q for q in quotes if words and words in q.words]
        if not rows:
            yield f'{name}:{key}: "{words}": not in docs/facts.md section 10 with speaker and date'
            continue
        shown = _shown_from(name, key, data, rounds)
        said = min(q.date for q in rows)
        if shown is not None and shown < said:
            yield f'{name}:{key}: "{words}": said on {said}, but shown from {shown} (hindsight)'


@pytest.fixture(scope="module")
def quotes() -> list[Quote]:
    return parse_quotes(FACTS.read_text(encoding="utf-8"))


def test_every_quotation_is_listed_with_speaker_and_date_and_used_no_earlier(
    quotes: list[Quote],
) -> None:
    assert len(quotes) >= 10 and all(q.speaker for q in quotes)
    found = quote_problems(CONTENT, quotes)
    assert not found, "quotations in content/ the fact sheet does not back:\n" + "\n".join(found)


def test_the_quote_rules_fail_on_known_bad_fixtures() -> None:
    quotes = parse_quotes((BAD / "facts.md").read_text(encoding="utf-8"))
    assert [q.speaker for q in quotes] == ["A. Minister, press conference"]
    found = quote_problems(BAD / "content", quotes)
    assert sorted(found) == [
        'briefs.toml:japan.text: "we will never give way": said on 2025-07-01, but shown from '
        "2025-04-16 (hindsight)",
        'events.toml:events[0].text: "a sentence nobody listed": not in docs/facts.md section 10 '
        "with speaker and date",
        'events.toml:events[1].text: "we will never give way": said on 2025-07-01, but shown from '
        "2025-05-23 (hindsight)",
    ]


def test_the_number_rules_fail_on_a_known_bad_fixture(facts: Facts) -> None:
    data = tomllib.loads((BAD / "content" / "events.toml").read_text(encoding="utf-8"))
    found = [
        p
        for fld in walk(data, BAD / "content" / "events.toml")
        if not fld.invented
        for p in check_field(fld, facts)
    ]
    assert "26%: not in facts.md" in " ".join(found)
