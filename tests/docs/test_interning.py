"""Facts that pages repeat are one object after a load from the cache, and the same facts."""

from __future__ import annotations

import pickle
from pathlib import Path

from generator.docs.load import parse_text
from generator.docs.parse.facts import Permission, TypeLink
from generator.docs.parse.typecell import TypeSpelling

DOCS = Path(__file__).resolve().parents[2] / "docs-input"


def test_equal_records_are_one_object_when_unpickled_and_the_facts_are_unchanged() -> None:
    first = parse_text((DOCS / "resources" / "driver.md").read_text(encoding="utf-8"), "resources/driver.md")
    second = parse_text((DOCS / "resources" / "vehicle.md").read_text(encoding="utf-8"), "resources/vehicle.md")
    loaded_first, loaded_second = (pickle.loads(pickle.dumps(facts)) for facts in (first, second))
    assert (loaded_first, loaded_second) == (first, second)
    spellings = {id(row.type): row.type for facts in (loaded_first, loaded_second) for t in facts.types for row in t.properties}
    by_value = {spelling: id_ for id_, spelling in spellings.items()}
    assert len(spellings) == len(by_value) < sum(len(t.properties) for f in (first, second) for t in f.types)


def test_every_interned_record_round_trips() -> None:
    for record in (TypeSpelling("String", primitive="Edm.String"), TypeLink("driver", "resources/driver.md", "x"),
                   Permission("Application", "Fleet.Read.All", 12)):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record and type(copy) is type(record)
        assert pickle.loads(pickle.dumps(record)) is copy  # one object for equal values
