"""Table kinds: ``TABLE_RULES`` tried in order, the first that matches decides (issue 24)."""

from __future__ import annotations

import pytest

from generator.docs.parse.tables import TABLE_RULES, Header, TableKind, _table_kind

K = TableKind


@pytest.mark.parametrize(
    ("header", "section", "kind"),
    [
        (("Permission type", "Permissions (from least to most privileged)"), "permissions", K.PERMISSIONS),
        (("Method", "Return Type", "Description"), "methods", K.METHODS),
        (("Method",), "methods", K.OTHER),  # a one-column list of methods is not a methods table
        (("Relationship", "Type", "Description"), "relationships", K.RELATIONSHIPS),
        (("Member", "Value", "Description"), "", K.MEMBERS),
        (("Value", "Description"), "status values", K.MEMBERS),
        (("Value", "Description"), "response", K.OTHER),
        (("Name", "Value", "Description"), "enum members", K.MEMBERS),
        (("Name", "Description"), "request headers", K.HEADERS),
        (("Header", "Value"), "", K.HEADERS),
        (("Property", "Type", "Description"), "properties", K.PROPERTIES),
        (("Property", "Type", "Description"), "relationships", K.RELATIONSHIPS),
        (("Property", "Type", "Description"), "request body parameters", K.PARAMETERS),
        (("Property", "Description"), "properties", K.OTHER),  # no type column
        (("Name", "Type", "Description"), "properties", K.PROPERTIES),
        (("Name", "Type", "Description"), "relationships", K.RELATIONSHIPS),
        (("Name", "Type", "Description"), "request body", K.PARAMETERS),
        (("Parameter", "Type", "Description"), "query parameters", K.PARAMETERS),
        (("Parameter", "Description"), "path parameters", K.PARAMETERS),
        (("**Name**", "<b>Type</b>"), "function parameters", K.PARAMETERS),  # markup is not read
        (("Scenario", "Description"), "properties", K.OTHER),
        ((), "properties", K.OTHER),
    ],
)
def test_table_kind(header: tuple[str, ...], section: str, kind: TableKind) -> None:
    assert _table_kind(header, section) is kind


def test_the_first_matching_rule_decides() -> None:
    # Name|Type|Description under "Request headers" is also a parameter table's header.
    header = Header.of(("Name", "Type", "Description"))
    later = [rule.kind for rule in TABLE_RULES if rule.matches(header, "request headers")]
    assert later[0] is K.HEADERS and K.PARAMETERS in later
    assert _table_kind(("Name", "Type", "Description"), "request headers") is K.HEADERS


def test_every_kind_but_other_has_a_rule() -> None:
    assert {rule.kind for rule in TABLE_RULES} == set(TableKind) - {K.OTHER}
