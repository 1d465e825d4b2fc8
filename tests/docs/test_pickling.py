"""Facts (and lint's scans) unpickle fast and equal: each record by a call, those that pages repeat as one object."""

from __future__ import annotations

import pickle

import attrs
from pathlib import Path

from generator.docs.load import parse_text
from generator.docs.parse.page import parse_page_with_links
from generator.docs.read import Page
from generator.docs.scan import scan_page
from generator.model.diagnostics import diag
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


def test_every_page_of_the_sample_docs_round_trips_and_no_record_pickles_by_its_state() -> None:
    """A page's facts and scan come back equal, and every record in them is built by a call (its
    class, or the cache of equal values): attrs' ``__setstate__``, the slow path, is never taken."""
    for page in sorted(DOCS.rglob("*.md")):
        text, path = page.read_text(encoding="utf-8", errors="replace"), page.relative_to(DOCS).as_posix()
        facts = parse_text(text, path)
        scan = scan_page(path, text, parse_page_with_links(Page(path, text, ""))[1])
        assert pickle.loads(pickle.dumps((facts, scan))) == (facts, scan)
        by_state = [type(record).__name__ for record in _records((facts, scan)) if _pickled_by_state(record)]
        assert not by_state, (page.name, sorted(set(by_state)))


def _records(value: object) -> list[object]:
    found: list[object] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if attrs.has(type(item)):
            found.append(item)
            stack.extend(getattr(item, field.name) for field in attrs.fields(type(item)))
        elif isinstance(item, (list, tuple, set, frozenset)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _pickled_by_state(record: object) -> bool:
    reduced = record.__reduce_ex__(pickle.HIGHEST_PROTOCOL)
    return isinstance(reduced, tuple) and len(reduced) > 2 and reduced[2] is not None


def test_a_diagnostic_whose_message_was_capped_comes_back_the_same() -> None:
    """Unpickling passes the message through its converter again: capping a capped message
    must change nothing."""
    finding = diag("GEN116", "resources/x.md", 3, "missing: " + ", ".join(f"property{n}" for n in range(5000)))
    assert pickle.loads(pickle.dumps(finding)) == finding
