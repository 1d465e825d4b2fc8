"""Paths as Graph compares them (model/paths.py): the rules, on small inputs."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.model.paths import match_path, normal_path, readings


def test_a_key_in_parentheses_is_a_segment_and_arguments_sort() -> None:
    assert normal_path("/a/f(z=1,b='x')/y('k''q')/") == "/a/f(b='x',z=1)/y/k'q"
    assert normal_path("/") == "/"


def test_placeholders_take_one_segment_each_case_insensitively() -> None:
    assert match_path("/a/{x}/b({y})", "/A/1/B(2)") == ["1", "2"]
    assert match_path("/users/{id}", "/users('a%2Fb')") == ["a/b"]
    assert match_path("/x/{a}", "/x/") is None
    assert match_path("/x/{a}", "/x/1/2") is None
    assert match_path("/x/{a/b}", "/x/v") == ["v"]  # a placeholder's name may hold a slash


def test_placeholders_in_one_segment_take_the_shortest_text_before_the_next_literal() -> None:
    assert match_path("/x/{a}-{b}.json", "/x/p-q-r.json") == ["p", "q-r"]
    assert match_path("/x/{a}{b}", "/x/abc") == ["a", "bc"]
    assert match_path("/x/{a}-{b}", "/x/pq") is None


def test_one_template_matched_again_keeps_each_path_own_values_and_case() -> None:
    """A template's segments are worked out once (a lint or a test server matches it against
    path after path): the values still come from each path, as it is written."""
    template = "/Groups/{Group-Id}/Members/{ID}"
    assert match_path(template, "/groups/AbC/members/Xy") == ["AbC", "Xy"]
    assert match_path(template, "/GROUPS/q/MEMBERS/Ä") == ["q", "Ä"]
    assert match_path(template, "/groups/q/owners/r") is None
    # (a character whose lower case is longer stays as it is: the values keep their positions)
    assert match_path("/x/İ{a}", "/x/İv") == ["v"] and match_path("/x/{a}İ", "/X/vİ") == ["v"]


def test_a_trailing_call_is_read_with_and_without_its_arguments() -> None:
    assert readings("/a/f(x='a/b')") == [("/a/f(x='a/b')", None), ("/a/f", "x='a/b'")]
    assert readings("/a/f") == [("/a/f", None)]
    assert readings("/a/(x)") == [("/a/(x)", None)]


def test_under_base_is_the_path_below_the_host_and_version() -> None:
    from generator.model.paths import under_base

    assert under_base("https://graph.microsoft.com/v1.0/directoryObjects/{id}") == "/directoryObjects/{id}"
    assert under_base("https://graph.microsoft.com/beta/fleet/drivers/d1?x=1") == "/fleet/drivers/d1"
    assert under_base("https://api.example.test/items/7") == "/items/7"  # no version segment
    assert under_base("/users/u1") is None and under_base("urn:x") is None


@given(st.text(st.sampled_from("/ab{}()'=,.$:"), max_size=24))
def test_normal_path_is_its_two_rewrites_with_or_without_a_parenthesis(path: str) -> None:
    # normal_path skips its two rewrites when a path has no "(" (both need one): the same answer.
    from generator.model import paths

    rewritten = paths._CALL.sub(paths._sorted_arguments, paths._KEY_SEGMENT.sub(paths._key_as_segment, path))
    assert normal_path(path) == (rewritten.rstrip("/") or "/")
