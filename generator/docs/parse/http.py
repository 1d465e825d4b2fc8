"""HTTP blocks: request lines, headers and bodies of requests; status, headers, bodies of responses.

The docs write HTTP loosely: several request lines per block, no leading slash, hosts
of either API version, ``{id | userPrincipalName}`` and ``<id>`` placeholders, a blank
line between request line and headers, ``HTTP 201 Created`` without a version, and
"** Entity URI ... not found" where a URL should be.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import attrs

from ...model.paths import PLACEHOLDER, below_version
from ...model.pickling import constructed

HTTP_METHODS = ("GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS")
_REQUEST_LINE = re.compile(r"^\s*(GET|POST|PATCH|PUT|DELETE|HEAD|OPTIONS)\b\s*(.*?)\s*$", re.IGNORECASE)
_STATUS_LINE = re.compile(r"^\s*HTTP(?:/[\d.]+)?\s+(\d{3})\b\s*(.*?)\s*$", re.IGNORECASE)
_HEADER = re.compile(r"^\s*([A-Za-z][A-Za-z0-9\-_]*)\s*:\s?(.*?)\s*$")
_NOT_FOUND = re.compile(r"\*\*.*not\s+found|entity\s+uri\s+for", re.IGNORECASE)
_ANGLE = re.compile(r"<([^<>/\s]+)>")
_QUOTED = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"")


@constructed
@attrs.frozen
class RequestLine:
    method: str
    url: str  # as written
    path: str  # normalised: leading slash, no host or version, placeholders as {x}
    query: str
    line: int
    placeholder: str | None = None  # why the URL is not a real URL, if it is not


@constructed
@attrs.frozen
class HttpMessage:
    """A request or a response as an HTTP block writes it."""

    requests: tuple[RequestLine, ...] = ()
    status: int | None = None
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    body_line: int = 0
    status_line: int = 0

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


def looks_like_http(content: str) -> bool:
    for line in content.split("\n"):
        if line.strip():
            return bool(_REQUEST_LINE.match(line) or _STATUS_LINE.match(line))
    return False


def read_http(content: str, first_line: int) -> HttpMessage:
    """Parse an http fence; ``first_line`` is the page line of the content's first line."""
    lines = content.split("\n")
    index = _skip_blank(lines, 0)
    requests: list[RequestLine] = []
    status: int | None = None
    reason = ""
    status_line = 0
    if index < len(lines) and _STATUS_LINE.match(lines[index]):
        match = _STATUS_LINE.match(lines[index])
        assert match is not None
        status, reason, status_line = int(match.group(1)), match.group(2), first_line + index
        index += 1
    else:
        while index < len(lines):
            match = _REQUEST_LINE.match(lines[index])
            if match:
                url, end = _whole_url(match.group(2), lines, index)
                requests.append(request_line(match.group(1).upper(), url, first_line + index))
                index = end + 1
            elif not lines[index].strip() and _next_is_request(lines, index):
                index += 1
            else:
                break
    headers, index = _headers(lines, index)
    index = _skip_blank(lines, index)
    body = "\n".join(lines[index:]).strip()
    return HttpMessage(
        requests=tuple(requests),
        status=status,
        reason=reason,
        headers=tuple(headers),
        body=body,
        body_line=first_line + index if body else 0,
        status_line=status_line,
    )


def _whole_url(url: str, lines: list[str], index: int) -> tuple[str, int]:
    """A URL whose function arguments run over several lines (``f(ids=[``...``])``) is joined."""
    end = index
    while _open_brackets(url) > 0 and end + 1 < len(lines) and end - index < 50:
        end += 1
        url += lines[end].strip()
    return (url, end) if _open_brackets(url) <= 0 else (lines[index].split(None, 1)[-1].strip(), index)


def _open_brackets(text: str) -> int:
    return text.count("(") + text.count("[") - text.count(")") - text.count("]")


def _skip_blank(lines: list[str], index: int) -> int:
    while index < len(lines) and not lines[index].strip():
        index += 1
    return index


def _next_is_request(lines: list[str], index: int) -> bool:
    following = _skip_blank(lines, index)
    return following < len(lines) and bool(_REQUEST_LINE.match(lines[following]))


def _headers(lines: list[str], index: int) -> tuple[list[tuple[str, str]], int]:
    headers: list[tuple[str, str]] = []
    start = index
    # One blank line may separate the request line from its headers.
    probe = _skip_blank(lines, index)
    if probe != index and probe < len(lines) and _is_header(lines[probe]) and probe - index == 1:
        index = probe
    while index < len(lines) and _is_header(lines[index]):
        match = _HEADER.match(lines[index])
        assert match is not None
        headers.append((match.group(1), match.group(2)))
        index += 1
    if not headers:
        index = start
    return headers, index


def _is_header(line: str) -> bool:
    stripped = line.lstrip()
    if not stripped or stripped[0] in "{[\"<":
        return False
    return bool(_HEADER.match(line))


def request_line(method: str, url: str, line: int) -> RequestLine:
    placeholder = _placeholder(url)
    path, query = split_url(url) if placeholder is None else ("", "")
    return RequestLine(method=method, url=url, path=path, query=query, line=line, placeholder=placeholder)


# Anything but printable ASCII is looked at character by character (see ``_invisible``).
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
INVISIBLE_REASON = "URL holds a control or invisible character"


def _invisible(url: str) -> str | None:
    """The first control, format or separator character of a URL (or U+FFFD, what a NUL or a
    byte that is not UTF-8 became), as ``U+001F``: none belongs in a URL, and a path with one
    addresses another resource than the page shows (httpx refuses most of them outright)."""
    for match in _NOT_PRINTABLE_ASCII.finditer(url):
        char = match.group()
        if char == "\ufffd" or unicodedata.category(char) in _INVISIBLE:
            return f"U+{ord(char):04X}"
    return None


def placeholder_code(reason: str) -> str:
    """The diagnostic for a request URL that is not used, by the reason ``_placeholder`` gave."""
    if reason.startswith(INVISIBLE_REASON):
        return "GEN313"
    return "GEN307" if "not found" in reason else "GEN308"


def _placeholder(url: str) -> str | None:
    if not url:
        return "request line has no URL"
    invisible = _invisible(url)
    if invisible is not None:
        return f"{INVISIBLE_REASON} ({invisible}); the path is not used"
    if _NOT_FOUND.search(url):
        return "URL is a 'not found' placeholder"
    # Spaces are fine in a query ("$filter=x eq 'y'") and in quoted function arguments,
    # not elsewhere in the path.
    path = _QUOTED.sub("", PLACEHOLDER.sub("", url.partition("?")[0])).strip()
    if "**" in url or "\\" in url or " " in path:
        return "URL is not a URL"
    return None


def split_url(url: str) -> tuple[str, str]:
    """(normalised path, query) of a request URL in any of the docs' spellings."""
    url = url.strip().strip("`")
    if "://" in url:
        parts = urlsplit(_protect(url))
        path, query = _unprotect(parts.path), _unprotect(parts.query)
    else:
        path, _, query = url.partition("?")
    if not path.startswith("/"):
        path = "/" + path
    path = below_version(path) or "/"
    path = _ANGLE.sub(r"{\1}", path)
    path = PLACEHOLDER.sub(lambda m: "{" + re.sub(r"\s+", "", m.group(1)) + "}", path)
    if len(path) > 1:
        path = path.rstrip("/")
    return path, query


def _protect(url: str) -> str:
    # urlsplit would treat '{' and spaces oddly only in the netloc; keep them literal.
    return url.replace("#", "%23")


def _unprotect(text: str) -> str:
    return text.replace("%23", "#")
