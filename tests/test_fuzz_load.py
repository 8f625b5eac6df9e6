"""Fuzzing the YAML loader and the validator: every input ends in a list of Problems.

Random text, random record-shaped structures (dumped with `yaml.safe_dump`), hostile
documents (deep nesting, alias bombs, huge numbers, impossible dates, Python tags): the
loader and the validator must return problems, never raise or hang.
"""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gskg.ontology import load_ontology
from gskg.pipeline.load import MAX_DEPTH, Problem, Record, load_data, parse_yaml, records_from
from gskg.pipeline.validate import validate_records

ONTOLOGY = Path(__file__).parent.parent / "ontology"
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip

FIELDS = ["id", "type", "label", "aliases", "description", "ids", "doc", "quote", "note",
          "relations", "parties", "date", "place", "occasion", "topics", "issued_by",
          "period", "supports", "founded_by", "roles", "file", "publisher", "url", "area",
          "indicator", "value", "unit", "measures", "located_in", "start", "end", "zh",
          "en", "wikidata", "org", "title"]  # fmt: skip
TYPES = ["City", "Firm", "Laboratory", "Agreement", "Policy", "Person", "Event",
         "SourceDocument", "Observation", "Indicator", "Topic", "Nowhere", ""]  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(TYPES + ["2020", "2020-13", "2021-02-30", "guangzhou", "Q1", "亿元"])
    | st.dates(min_value=datetime.date(1, 1, 1)).map(str)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=20,
)
SLUGS = st.sampled_from(["guangzhou", "shenzhen", "a", "b-c", "doc-1", "Bad Slug", ""])
RECORD = st.fixed_dictionaries(
    {"id": SLUGS, "type": st.sampled_from(TYPES)},
    optional={f: VALUES for f in FIELDS if f not in ("id", "type")},
)
RECORDS = st.lists(RECORD | st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=10),
                   max_size=6)  # fmt: skip
TOKENS = st.sampled_from(["- ", "id: ", "type: City", "\n", "  ", "[", "]", "{", "}", ",",
                          ": ", "&a ", "*a", "!!python/object:os.system ", "!!int ", "? ",
                          "<<: ", "'", '"', "|", ">", "#", "---", "...", "2020-13-45",
                          "9" * 5000, "1e999999", "\t", "%YAML 1.1\n"])  # fmt: skip
YAMLISH = st.lists(TOKENS | st.text(max_size=6), max_size=40).map("".join)


@pytest.fixture(scope="module")
def ontology():
    """The repository's ontology (read once)."""
    return load_ontology(ONTOLOGY)


def _all_problems(path: Path, ontology) -> list[Problem]:
    records, problems = load_data(path)
    assert all(isinstance(r, Record) for r in records)
    problems += validate_records(records, ontology)
    assert all(isinstance(p, Problem) for p in problems)
    return problems


def _write(tmp_path_factory: pytest.TempPathFactory, text: str) -> Path:
    data = tmp_path_factory.mktemp("data")
    (data / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    return data


@FUZZ
@given(text=YAMLISH | st.text(max_size=300))
def test_random_text_ends_in_problems(text: str) -> None:
    """Any text: the parser returns a value or problems, never raises."""
    value, problems = parse_yaml(text, "fuzz.yaml")
    assert all(isinstance(p, Problem) for p in problems)
    records, more = records_from(value, "fuzz.yaml") if not problems else ([], [])
    assert all(isinstance(p, Problem) for p in more)


@FUZZ
@given(records=RECORDS)
def test_random_records_end_in_problems(
    records: list, ontology, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Record-shaped data with random fields and values: loader + validator report problems."""
    text = yaml.safe_dump(records, allow_unicode=True)
    _all_problems(_write(tmp_path_factory, text), ontology)


def _laughs(levels: int) -> str:
    text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for n in range(1, levels):
        text += f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]\n"
    return text


def _merge_bomb(levels: int) -> str:
    text = "m0: &m0 {x: 1, y: 2}\n"
    for n in range(1, levels):
        text += f"m{n}: &m{n} {{<<: [" + ", ".join([f"*m{n - 1}"] * 10) + "]}\n"
    return text


# Each document and the line gskg must point at.  Which layer refuses it (PyYAML's parser,
# e.g. 6.0.4's own nesting limit, or gskg's guard) depends on the PyYAML release: the tests
# assert gskg's behaviour (a problem located in the file, quickly, nothing loaded), not words.
HOSTILE = {
    "python object tag": ("- !!python/object/apply:os.system ['true']\n", 1),
    "python name tag": ("- id: !!python/name:os.system ''\n", 1),
    "impossible date": ("- id: a\n  type: City\n  date: 2020-13-45\n", 3),
    "huge integer": ("- id: a\n  value: " + "9" * 10_000 + "\n", 2),
    "bad int tag": ("- id: !!int nope\n", 1),
    "empty int tag": ("- id: !!int ''\n", 1),
    "bad bool tag": ("- id: !!bool nope\n", 1),
    "bad timestamp tag": ("- id: !!timestamp nope\n", 1),
    "deep flow nesting": ("[" * 200_000 + "]" * 200_000, 1),
    "deep block nesting": ("- " * 50_000 + "x\n", 1),
    "deep mappings": ("{a: " * 10_000 + "1" + "}" * 10_000, 1),
    "recursive alias": ("- &a [*a]\n", 1),
    "billion laughs": (_laughs(9), 1),
    "merge-key bomb": (_merge_bomb(9), 1),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_yaml_is_refused_quickly(name: str, ontology, tmp_path: Path) -> None:
    """Each hostile document is refused within the time bound, as a problem at its line."""
    text, line = HOSTILE[name]
    (tmp_path / "bad.yaml").write_text(text, encoding="utf-8")
    start = time.monotonic()
    records, problems = load_data(tmp_path)
    problems += validate_records(records, ontology)
    assert time.monotonic() - start < 5
    assert problems, "a hostile document was accepted"
    assert all(p.file.endswith("bad.yaml") and p.message for p in problems)
    assert any(p.line == line for p in problems), [str(p) for p in problems][:3]
    # Nothing of it survives as a valid record: every record loaded has a problem of its own.
    located = {p.record for p in problems}
    assert all(r.id in located or not r.id for r in records), [r.id for r in records]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- id: !!int nope\n", "int"), ("- id: !!bool nope\n", "bool"),
     ("- date: 2020-13-45\n", "timestamp"), ("- id: !!timestamp nope\n", "timestamp")],
)  # fmt: skip
def test_unreadable_values_say_what_was_expected(text: str, kind: str) -> None:
    """gskg's message names the YAML type and what it expects, not the constructor's internals."""
    _value, problems = parse_yaml(text, "bad.yaml")
    assert [p.line for p in problems] == [1]
    assert f"as {kind}: expected " in problems[0].message
    assert "NoneType" not in problems[0].message


@pytest.mark.parametrize(
    ("text", "words"),
    [("- " + "{a: " * (MAX_DEPTH + 5) + "1" + "}" * (MAX_DEPTH + 5) + "\n", "levels deep"),
     ("- &a [*a]\n", "levels deep"),
     (_laughs(9), "aliases expand")],
)  # fmt: skip
def test_gskg_guard_refuses_what_pyyaml_lets_through(text: str, words: str) -> None:
    """Nesting just past MAX_DEPTH, recursion and alias bombs: every PyYAML release parses
    these, so gskg's own guard must be the layer that refuses them (in gskg's words)."""
    _value, problems = parse_yaml(text, "bad.yaml")
    assert any(words in p.message for p in problems), [str(p) for p in problems]


def test_depth_limit_allows_the_fact_format() -> None:
    """Ordinary nesting (well under MAX_DEPTH) still loads."""
    text = "- " + "{a: " * (MAX_DEPTH - 2) + "1" + "}" * (MAX_DEPTH - 2) + "\n"
    value, problems = parse_yaml(text, "ok.yaml")
    assert problems == [] and isinstance(value, list)
