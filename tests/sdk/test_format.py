"""The format stage (sdk/format.py): black once per text per process, bounded, errors as bugs."""

from __future__ import annotations

from typing import Any

import black
import pytest

from generator.sdk import format as fmt


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts black is asked to format, with an empty memo to start from."""
    seen: list[str] = []
    real = black.format_str

    def counting(text: str, *, mode: Any) -> str:
        seen.append(text)
        return real(text, mode=mode)

    monkeypatch.setattr(black, "format_str", counting)
    monkeypatch.setattr(fmt, "_memo", type(fmt._memo)())
    monkeypatch.setattr(fmt, "_memo_bytes", 0)
    return seen


def test_a_text_is_formatted_once_per_process(calls: list[str]) -> None:
    # (each with a comment: the layout stage leaves such a line to black)
    first = fmt.format_files({"a.py": "x=1 # a\n", "b.py": "y = [1,2] # b\n", "c.txt": "z"})
    again = fmt.format_files({"other/a.py": "x=1 # a\n"})
    assert first.files == {"a.py": "x = 1  # a\n", "b.py": "y = [1, 2]  # b\n", "c.txt": "z"}
    assert again.files == {"other/a.py": "x = 1  # a\n"}
    assert calls == ["x=1 # a\n", "y = [1,2] # b\n"]  # the second build's a.py came from the memo
    assert again.formatted_count == 1  # still a file this build had to format (none to reuse)


def test_the_memo_keeps_to_its_bound(calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "MEMO_BYTES", 20)
    fmt.format_files({"a.py": "a=1 #\n", "b.py": "b=2 #\n", "c.py": "c=3 #\n", "d.py": "d=4 #\n"})
    assert fmt._memo_bytes <= 20 and len(fmt._memo) == 2  # the two newest, 9 bytes each ("a = 1  #\n")
    fmt.format_files({"a.py": "a=1 #\n"})
    assert calls.count("a=1 #\n") == 2  # evicted, so formatted again


def test_a_file_laid_out_wholly_by_black_s_rules_is_not_given_to_black(calls: list[str]) -> None:
    text = "class A:\n    def get(self, **options: Unpack[Options]) -> DeviceManagementTemplateSettingCategoryWithALongName:\n        pass\n"
    result = fmt.format_files({"a.py": text})
    assert calls == []
    assert result.files["a.py"] == black.format_str(text, mode=fmt._mode()) != text


def test_a_laid_out_file_that_is_not_python_is_a_bug_in_gen(calls: list[str]) -> None:
    with pytest.raises(fmt.FormatError, match="bad.py: the rendered file does not parse"):
        fmt.format_files({"bad.py": "x = 1\n  y = 2\n"})  # (an indent the layout keeps as written)
    assert calls == []


def test_a_text_black_cannot_parse_is_a_bug_in_gen_and_is_not_remembered(calls: list[str]) -> None:
    for _ in range(2):
        with pytest.raises(fmt.FormatError, match="bad.py: the rendered file does not parse"):
            fmt.format_files({"bad.py": "def (:\n"})
    assert calls == ["def (:\n", "def (:\n"]
