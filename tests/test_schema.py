"""The schema is the one declaration of the data's fields: the model, the validator, the loader,
the JSON output and data/README.md all follow it."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from travelrisk.data import validate
from travelrisk.data.dataset import load
from travelrisk.law import model, schema
from travelrisk.law.as_data import finding_dict

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("record", [r for r in schema.RECORDS.values() if r.model])
def test_every_model_attribute_is_declared_once(record: schema.Record) -> None:
    attrs = [f.model_attr for f in record.fields if f.model_attr]
    assert sorted(attrs) == sorted(getattr(model, record.model)._fields)


def test_every_nested_record_type_and_hook_exists() -> None:
    for record in schema.RECORDS.values():
        for f in record.fields:
            assert not f.item or f.item in schema.RECORDS, (record.name, f.name)
        if record.check_order:  # the same fields, in another order
            assert sorted(record.check_order) == sorted(record.names), record.name
    for record, name in validate.HOOKS:
        assert name in schema.RECORDS[record].names, (record, name)


def test_the_file_lists_are_the_schemas() -> None:
    assert validate.FILE_STEMS == schema.FILE_STEMS
    assert list(validate.RECORD_FILES) == list(schema.FILES)
    assert validate.FIELDS["warrants"] == set(schema.RECORDS["suspect"].names)


def test_the_field_tables_in_the_data_readme_are_fresh() -> None:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    assert text.count("<!-- schema: ") == 8
    assert schema.with_tables(text) == text, "stale: run python tools/schema_docs.py"


def test_the_docs_tool_checks_freshness() -> None:
    tool = runpy.run_path(str(ROOT / "tools" / "schema_docs.py"))
    assert tool["main"](["--check"]) == 0


def test_a_table_names_every_field_but_the_common_ones() -> None:
    table = schema.field_table("territory")
    assert "| `from` | with `extended` (only then) |" in table
    assert "`notes`" not in table and "`sources`" not in table


def test_json_follows_the_schemas_field_order() -> None:
    finding = load().findings[0]
    names = [f.name for f in schema.RECORDS["finding"].fields if f.model_attr]
    assert list(finding_dict(finding)) == names
    assert finding_dict(finding)["visit_from"] == finding.visit_from.isoformat()


def test_a_when_rule_says_when_a_field_is_required() -> None:
    rule = schema.RECORDS["finding"].field("decision").required
    assert isinstance(rule, schema.When)
    assert rule.holds({"outcome": "reported"}) and not rule.holds({"outcome": "pending"})


def test_issue_dates_come_from_the_events_in_order() -> None:
    from datetime import date

    d1, d2, d3 = date(2023, 4, 6), date(2023, 7, 28), date(2024, 1, 1)
    assert model.issue_dates([(d1, "warrant_issued"), (d3, "warrant_issued")]) == [d1, d3]
    assert model.issue_dates([(d1, "warrant_possibly_issued"), (d2, "warrant_issued")]) == [None]
    assert model.issue_dates([(d2, "arrested")]) == []
