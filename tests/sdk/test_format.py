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
    first = fmt.format_files({"a.py": "x=1\n", "b.py": "y = [1,2]\n", "c.txt": "z"})
    again = fmt.format_files({"other/a.py": "x=1\n"})
    assert first.files == {"a.py": "x = 1\n", "b.py": "y = [1, 2]\n", "c.txt": "z"}
    assert again.files == {"other/a.py": "x = 1\n"}
    assert calls == ["x=1\n", "y = [1,2]\n"]  # the second build's a.py came from the memo
    assert again.formatted_count == 1  # still a file this build had to format (none to reuse)


def test_the_memo_keeps_to_its_bound(calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fmt, "MEMO_BYTES", 12)
    fmt.format_files({"a.py": "a=1\n", "b.py": "b=2\n", "c.py": "c=3\n", "d.py": "d=4\n"})
    assert fmt._memo_bytes <= 12 and len(fmt._memo) == 2  # the two newest, 6 bytes each
    fmt.format_files({"a.py": "a=1\n"})
    assert calls.count("a=1\n") == 2  # evicted, so formatted again


def test_a_text_black_cannot_parse_is_a_bug_in_gen_and_is_not_remembered(calls: list[str]) -> None:
    for _ in range(2):
        with pytest.raises(fmt.FormatError, match="bad.py: black cannot parse"):
            fmt.format_files({"bad.py": "def (:\n"})
    assert calls == ["def (:\n", "def (:\n"]
