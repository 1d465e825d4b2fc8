"""Property tests of the one place page text becomes Python: the escaping filters and naming.

For any text at all (hypothesis draws from the whole of Unicode, plus the strings that
have broken code generators before), each filter's output, put in its context, parses as
exactly what the template meant and nothing more; each naming rule gives a valid,
non-keyword, deterministic identifier; ``naming.unique`` resolves every collision.
"""

from __future__ import annotations

import ast
import io
import keyword
import tokenize
import unicodedata

import jinja2
import markupsafe
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from fuzzlib import HOSTILE_NAMES, HOSTILE_TEXTS, fuzz_settings
from generator.model import naming
from generator.sdk.render import environment
from generator.sdk.render.filters import _CONTROL, Code, UnescapedValue, comment, doc, finalize, ident, pystr

# Everything, including surrogates (JSON escapes can make them) and the hostile classics.
any_text = st.one_of(
    st.text(st.characters(codec=None, exclude_categories=()), max_size=200),
    st.sampled_from(HOSTILE_TEXTS + HOSTILE_NAMES),
    st.lists(st.sampled_from(HOSTILE_TEXTS + HOSTILE_NAMES + ['"', "\\", "\n", " ", "x"]), max_size=12).map("".join),
)


def invisible(text: str) -> list[str]:
    """Characters that must not reach a docstring or comment raw: controls, format (bidi,
    zero-width, tags), separators, surrogates. By Unicode category, not by list."""
    return [c for c in text if c not in "\t\n" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]


def _only_constant(source: str) -> str:
    """The value of a module that must be one string expression and nothing else."""
    tree = ast.parse(source)
    assert len(tree.body) == 1, ast.dump(tree)
    node = tree.body[0]
    assert isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant), ast.dump(tree)
    assert isinstance(node.value.value, str)
    return node.value.value


@fuzz_settings(300)
@given(any_text)
@example('"""; import os; """')
@example("\\")
@example('x"')
@example('x\\"')
@example("\\\\\"")
@example("\udc80")
@example("{{ 1 }}{% raw %}")
def test_pystr_is_a_literal_of_exactly_the_text(text: str) -> None:
    literal = pystr(text)
    assert isinstance(literal, Code)
    assert _only_constant(str(literal)) == text
    assert ast.literal_eval(str(literal)) == text
    str(literal).encode("utf-8")  # repr escapes what UTF-8 cannot hold


def _expected_doc_words(text: str) -> list[str]:
    cleaned = _CONTROL.sub("", unicodedata.normalize("NFC", text).replace("\t", " ").replace("\r", ""))
    return cleaned.split()


@fuzz_settings(300)
@given(any_text, st.sampled_from([0, 4, 8]))
@example('"""', 0)
@example('x"', 4)
@example('\\"""', 4)
@example('""""""""', 0)
@example("a\\", 0)
@example("\\N{BULLET} \\x00 \\u0041", 4)
@example("\u202eevil\u202c", 0)
@example("\udcff", 0)
@example("'''", 0)
@example("a\u2066b\u2069c\U000e0041\u00ad\u061c", 4)
def test_doc_stays_inside_its_docstring(text: str, indent: int) -> None:
    body = str(doc(text, indent))
    # As a module docstring, and as a class docstring at the template's indentation.
    value = _only_constant('"""' + body + '"""')
    if indent:
        # Where the templates put it: a docstring indented by ``indent``, then more code.
        head = "class C:\n" if indent == 4 else "class C:\n    def f(self) -> None:\n"
        tree = ast.parse(head + " " * indent + '"""' + body + '"""\n' + " " * indent + "x = 1\n")
        owner = tree.body[0] if indent == 4 else tree.body[0].body[0]  # type: ignore[attr-defined]
        assert ast.get_docstring(owner, clean=False) == value
        assert len(owner.body) == 2
    body.encode("utf-8")
    assert not invisible(body)
    expected = _expected_doc_words(text)
    if expected:
        assert value.split() == expected
    else:
        assert value == "No description in the docs."


@fuzz_settings(300)
@given(any_text)
@example("x\ny = __import__('os')")
@example("x\r__import__('os')")
@example("x\x0c\x0b\x1c\x1d\x1e\x85\u2028\u2029y")
def test_comment_is_one_line_of_comment(text: str) -> None:
    line = str(comment(text))
    assert len(line.splitlines()) <= 1
    assert not invisible(line)
    source = "x = 1  # " + line + "\ny = 2\n"
    tree = ast.parse(source)
    assert [type(node) for node in tree.body] == [ast.Assign, ast.Assign]
    tokens = [token for token in tokenize.generate_tokens(io.StringIO(source).readline) if token.type == tokenize.COMMENT]
    assert len(tokens) == 1
    line.encode("utf-8")


@fuzz_settings(300)
@given(st.one_of(any_text, st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,8}(\.[A-Za-z_][A-Za-z0-9_]{0,8}){0,2}\Z")))
@example("class")
@example("a.class")
@example("a.")
@example("__import__('os')")
@example("é")
@example("x\n")
@example("x.y")
def test_ident_passes_only_safe_dotted_identifiers(text: str) -> None:
    try:
        checked = str(ident(text))
    except UnescapedValue:
        parts = text.split(".")
        assert not (
            text.isascii()
            and all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)
            and "\n" not in text
        )
        return
    assert checked == text
    for part in checked.split("."):
        assert part.isascii() and part.isidentifier() and not keyword.iskeyword(part)


@fuzz_settings(100)
@given(st.one_of(any_text, st.lists(st.integers()), st.floats(), st.binary()))
def test_finalize_refuses_whatever_did_not_go_through_a_filter(value: object) -> None:
    if isinstance(value, (bool, int)) and not isinstance(value, float):
        assert finalize(value) == value
        return
    with pytest.raises(UnescapedValue):
        finalize(value)
    assert finalize(markupsafe.Markup("x")) == "x"
    assert finalize(None) == ""


@fuzz_settings(60)
@given(any_text)
def test_templates_cannot_print_raw_page_text(text: str) -> None:
    env = environment()
    with pytest.raises(jinja2.TemplateError):
        env.from_string("{{ value }}").render(value=text)
    with pytest.raises(jinja2.TemplateError):
        env.from_string("{{ value | code }}").render(value=text)
    # ...while a filtered value is inert, whatever Jinja syntax it holds.
    rendered = env.from_string("x = {{ value | pystr }}").render(value=text)
    assert ast.literal_eval(rendered[len("x = "):]) == text


# -- naming -------------------------------------------------------------------------------


def _python_safe(name: str) -> bool:
    return name.isascii() and name.isidentifier() and not keyword.iskeyword(name)


@fuzz_settings(400)
@given(any_text)
@example("class")
@example("None")
@example("__init__")
@example("type")
@example("match")
@example("_")
@example("self")
@example("to_dict")
@example("operation")
@example("")
@example("٣")
@example("ǅ")
@example("ﬁ")
@example("\udc80")
@example("con")
@example("x" * 300)
def test_every_naming_rule_gives_a_safe_deterministic_name(text: str) -> None:
    attribute = naming.attribute_name(text)
    assert _python_safe(attribute) and not keyword.issoftkeyword(attribute)
    assert attribute not in naming.RESERVED_ATTRIBUTES and not attribute.startswith("_")
    function = naming.function_name(text)
    assert _python_safe(function) and not keyword.issoftkeyword(function)
    assert function not in naming.RESERVED_ATTRIBUTES and not function.startswith("_")
    assert function not in getattr(naming, "RESERVED_FUNCTIONS", ())
    cls = naming.class_name(text)
    assert _python_safe(cls) and cls not in naming.RESERVED_CLASSES and cls[0].isupper()
    member = naming.enum_member_name(text)
    assert _python_safe(member) and not member.startswith("_")
    assert member not in ("NAME", "VALUE") and member == member.upper()
    module = naming.module_name(text)
    assert _python_safe(module) and module == module.lower() and 0 < len(module) <= naming.MAX_FILE_STEM
    assert module not in naming.WINDOWS_RESERVED and module not in ("models", "api", "tests")
    # Deterministic: the same text always gives the same names.
    assert (attribute, function, cls, member, module) == (
        naming.attribute_name(text), naming.function_name(text), naming.class_name(text),
        naming.enum_member_name(text), naming.module_name(text),
    )


@fuzz_settings(200)
@given(st.lists(any_text, max_size=12), st.lists(any_text, max_size=4))
@example(["a", "a", "a_2", "A"], ["a_3"])
@example(["con", "CON", "Con"], [])
@example(["x" * 120, "x" * 121, "X" * 130], [])
def test_unique_resolves_every_collision(texts: list[str], taken_texts: list[str]) -> None:
    for make, fold in ((naming.attribute_name, False), (naming.class_name, False), (naming.module_name, True),
                       (naming.enum_member_name, False), (naming.function_name, False)):
        wanted = [make(text) for text in texts]
        taken = [make(text) for text in taken_texts]
        result = naming.unique(wanted, taken=taken, fold_case=fold)
        assert len(result) == len(wanted)
        keys = [name.lower() if fold else name for name in result]
        assert len(set(keys)) == len(keys), result
        assert not set(keys) & {name.lower() if fold else name for name in taken}
        assert all(_python_safe(name) for name in result)
        if fold:
            assert all(len(name) <= naming.MAX_FILE_STEM for name in result)
        assert result == naming.unique(wanted, taken=taken, fold_case=fold)  # stable
        # A name that was already unique and free keeps its spelling.
        counts = {name: wanted.count(name) for name in wanted}
        for name, out in zip(wanted, result):
            if counts[name] == 1 and name not in taken and not fold:
                assert out == name or out.startswith(name + "_")


@fuzz_settings(200)
@given(st.lists(st.one_of(any_text, st.text("abcXYZ._", max_size=8)), min_size=1, max_size=5), st.booleans())
def test_namespace_modules_are_safe_folder_names(parts: list[str], under_main: bool) -> None:
    main = "microsoft.graph"
    namespace = (main + "." if under_main else "") + ".".join(parts)
    assume(namespace != main)
    module = naming.namespace_module(namespace, main)
    assert module is not None
    assert _python_safe(module) and len(module) <= naming.MAX_FILE_STEM and module == module.lower()
