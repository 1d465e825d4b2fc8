"""Suppressions (lint/suppress.py) applied directly to findings: what matches, what is marked,
and the findings about suppressions themselves (GEN401 no reason, GEN402 unknown code,
GEN403 matches nothing), each at the suppression's own line."""

from __future__ import annotations

from generator.config import Suppression
from generator.lint.suppress import SuppressionKind, SuppressionRule, apply_rules, config_rules
from generator.model.diagnostics import Diagnostic, diag

ON_PAGE = "resources/widget.md"


def finding(code: str = "GEN101", file: str = ON_PAGE, member: str | None = "colour",
            type: str | None = "microsoft.graph.widget") -> Diagnostic:
    return diag(code, file, 12, f"{code} about {member}", type=type, member=member)


def page_rule(code: str = "GEN101", member: str | None = "colour", reason: str = "old samples") -> SuppressionRule:
    return SuppressionRule(code, reason, SuppressionKind.IN_SOURCE, ON_PAGE, 7, file=ON_PAGE, member=member)


def test_a_page_comment_marks_its_own_pages_finding_and_no_other() -> None:
    here, elsewhere = finding(), finding(file="resources/gadget.md")
    result = {d.file: d for d in apply_rules([here, elsewhere], [page_rule()])}
    assert result[ON_PAGE].suppressed_by == "old samples" and result[ON_PAGE].suppression_kind == "inSource"
    assert result["resources/gadget.md"].suppressed_by is None
    assert len(result) == 2  # a suppressed finding stays in the report


def test_the_word_after_the_code_names_a_member_or_the_type() -> None:
    by_member = apply_rules([finding()], [page_rule(member="colour")])
    by_type = apply_rules([finding(member=None)], [page_rule(member="Widget")])  # the short name, any case
    other = apply_rules([finding()], [page_rule(member="size")])
    assert by_member[0].suppressed_by and by_type[0].suppressed_by
    assert [d.code for d in other] == ["GEN403", "GEN101"]  # the unused comment (line 7), then the finding (12)
    assert other[1].suppressed_by is None


def test_a_code_pattern_matches_a_family() -> None:
    (marked,) = apply_rules([finding("GEN108")], [page_rule("GEN1*", member=None)])
    assert marked.suppressed_by == "old samples"


def test_configuration_entries_match_by_file_glob_type_and_member() -> None:
    rules = config_rules([Suppression("GEN101", "generated pages", file="resources/*.md", type="widget")],
                         "../pyproject.toml", [14])
    kept = finding(file="api/widget-get.md")
    result = apply_rules([finding(), kept], rules)
    marked = next(d for d in result if d.file == ON_PAGE)
    assert marked.suppressed_by == "generated pages" and marked.suppression_kind == "external"
    assert next(d for d in result if d.file == "api/widget-get.md").suppressed_by is None


def test_findings_about_suppressions_point_at_the_suppression() -> None:
    rules = [page_rule(reason=" "), page_rule("GEN999", member=None), page_rule("GEN102", member="size")]
    about = [(d.code, d.file, d.line) for d in apply_rules([finding()], rules) if d.code.startswith("GEN40")]
    assert sorted(about) == [("GEN401", ON_PAGE, 7), ("GEN402", ON_PAGE, 7), ("GEN403", ON_PAGE, 7)]


def test_the_result_is_in_report_order_without_duplicates() -> None:
    late, early = diag("GEN101", "b.md", 3, "x"), diag("GEN101", "a.md", 9, "x")
    assert [d.file for d in apply_rules([late, early, late], [])] == ["a.md", "b.md"]
