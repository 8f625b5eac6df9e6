"""Every validation error the fact format promises, one bad file per case."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gskg.ontology import load_ontology
from gskg.pipeline.load import load_data
from gskg.pipeline.validate import validate_records

FIXTURES = Path(__file__).parent / "fixtures"
ONTOLOGY = Path(__file__).parent.parent / "ontology"

# case → (line, record id ("" when the YAML cannot be read), field, words the message
# must contain)
CASES = {
    "unknown_field": (4, "foshan", "colour", "unknown field for a City"),
    "missing_field": (1, "foshan", "quote", "missing required field"),
    "wrong_type": (3, "foshan", "label", "expected {zh: …, en: …}"),
    "malformed_date": (4, "forum-two", "date", 'expected a date "YYYY"'),
    "impossible_date": (4, "forum-two", "date", "impossible date '2021-02-30'"),
    "unknown_reference": (7, "foshan", "located_in", "unknown id 'atlantis'"),
    "duplicate_id": (1, "guangzhou", "id", "duplicate id (first defined at"),
    "unknown_source": (4, "foshan", "doc", "unknown source document 'nowhere-document'"),
    "missing_label_lang": (3, "foshan", "label", "missing 'en' text"),
    "unknown_class": (2, "foshan", "type", "'Metropolis' is not a class of the ontology"),
    "relation_not_allowed": (7, "foshan", "located_in", "a Firm; gskg:locatedIn expects a Place"),
    "tabs": (3, "", "", "tabs are not allowed"),
    "bad_indentation": (3, "", "", "malformed YAML"),
    "duplicate_key": (6, "foshan", "label", "duplicate key (first written on line 3)"),
    "python_tag": (2, "", "", "malformed YAML"),
    "not_a_list": (1, "", "", "expected a list of records"),
    "bad_slug": (1, "Foshan_City", "id", "is not a slug"),
    "one_party": (4, "lonely-agreement", "parties", "at least two parties"),
    "bad_value": (5, "sz-contracts", "value", "expected a number"),
    "bad_identifier": (4, "foshan", "ids", "wikidata identifier '34412' does not match"),
    "bad_ids_provenance": (5, "foshan", "ids_provenance", "needs `by`"),
    "reserved_id": (1, "period-2020", "id", "are made by the build"),
    "unknown_unit": (6, "sz-machines", "unit", "unknown unit '台': not in the unit table"),
}


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(ONTOLOGY)


def problems_with(tmp_path: Path, case: str, ontology) -> list:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    shutil.copy(FIXTURES / "invalid" / f"{case}.yaml", data / f"zz_{case}.yaml")
    records, problems = load_data(data)
    return problems + validate_records(records, ontology)


def test_valid_fixture_has_no_problem(ontology):
    records, problems = load_data(FIXTURES / "valid")
    assert problems == []
    assert validate_records(records, ontology) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_is_reported_with_file_line_record_field(tmp_path, case, ontology):
    line, record, field, words = CASES[case]
    problems = problems_with(tmp_path, case, ontology)
    mine = [p for p in problems if p.file.endswith(f"zz_{case}.yaml")]
    assert mine, f"no problem reported for {case}: {problems}"
    match = [
        p
        for p in mine
        if words in p.message and (p.line, p.record, p.field) == (line, record, field)
    ]
    assert match, f"expected {line}, {record!r}, {field!r}, {words!r}; got {list(map(str, mine))}"
    where = ".".join(x for x in (record, field) if x)  # "foshan.label", or "" for bad YAML
    assert str(match[0]).startswith(f"{match[0].file}:{line}: {where}")


def test_every_problem_is_reported_at_once(tmp_path, ontology):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", data)
    for case in ("unknown_field", "unknown_source", "unknown_class"):
        text = (
            (FIXTURES / "invalid" / f"{case}.yaml")
            .read_text()
            .replace("foshan", case.replace("_", "-"))
        )
        (data / f"zz_{case}.yaml").write_text(text)
    records, problems = load_data(data)
    problems += validate_records(records, ontology)
    assert {Path(p.file).name for p in problems} == {
        "zz_unknown_field.yaml",
        "zz_unknown_source.yaml",
        "zz_unknown_class.yaml",
    }


def test_the_shipped_data_validates(ontology):
    records, problems = load_data(Path(__file__).parent.parent / "data")
    problems += validate_records(records, ontology)
    assert [str(p) for p in problems] == []
