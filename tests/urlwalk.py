"""Every URL of the URL configuration, taken from the resolver (never listed by hand), with a
concrete path for each: the "every page" tests use it, so a new URL is covered the day it is
added.

`walk_urls()` gives one `WalkedURL` per URL pattern (its namespaced name, its route, and
`path(**values)` to build a path with chosen values for its arguments), `reachable_urls()` the
same without the patterns another one hides; `EVERY_URL` is the (path, pattern) list the
security-header test walks.
"""

import re
import uuid
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

CANDIDATE_VALUES = ("1", "sample", str(uuid.UUID(int=1)))


def _value_matching(regex: str) -> str:
    """A sample value that fully matches `regex`: a common one, else an alternative of it."""
    alternatives = [part for part in _split_top_level(regex, "|") if re.fullmatch(r"[\w.-]+", part)]
    for value in (*CANDIDATE_VALUES, *alternatives):
        if re.fullmatch(regex, value):
            return value
    raise AssertionError(f"No sample value matches {regex!r}: add one to CANDIDATE_VALUES.")


def _split_top_level(regex: str, separator: str) -> list[str]:
    parts, depth, current, escaped = [], 0, "", False
    for char in regex:
        if escaped:
            current, escaped = current + char, False
            continue
        if char == "\\":
            current, escaped = current + char, True
            continue
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def _fill_regex(regex: str, values: dict[str, str]) -> str:
    """Replace each group of a URL regex by a value that matches it (the one given for a named
    group, else a sample); drop the anchors."""
    path, index = "", 0
    while index < len(regex):
        char = regex[index]
        if char == "\\" and index + 1 < len(regex):
            path += regex[index + 1]
            index += 2
        elif char == "(":
            depth, end = 0, index
            while True:
                depth += {"(": 1, ")": -1}.get(regex[end], 0)
                if depth == 0:
                    break
                end += 1
            group = regex[index + 1 : end]
            name = re.match(r"\?P<(\w+)>", group)
            inner = re.sub(r"^\?(P<\w+>|:)", "", group)
            path += str(values[name[1]]) if name and name[1] in values else _value_matching(inner)
            index = end + 1
        elif char in "^$":
            index += 1
        else:
            path += char
            index += 1
    return path


def concrete_path(pattern, values: dict[str, str] | None = None) -> str:
    """The pattern's piece of a path: each argument takes its value from `values`, else a sample."""
    values = values or {}
    if isinstance(pattern, RoutePattern):
        return re.sub(
            r"<(?:\w+:)?(?P<name>\w+)>",
            lambda match: (
                str(values[match["name"]])
                if match["name"] in values
                else _value_matching(pattern.converters[match["name"]].regex)
            ),
            str(pattern),
        )
    assert isinstance(pattern, RegexPattern), pattern
    return _fill_regex(str(pattern), values)


@dataclass(frozen=True)
class WalkedURL:
    """One URL pattern, with the chain of patterns (outermost first) that leads to it."""

    chain: tuple
    endpoint: URLPattern
    namespace: str

    @property
    def name(self) -> str | None:
        """`namespace:name` as `reverse()` takes it; None for an unnamed pattern."""
        if self.endpoint.name is None:
            return None
        return f"{self.namespace}:{self.endpoint.name}" if self.namespace else self.endpoint.name

    @property
    def route(self) -> str:
        return "/" + "".join(str(pattern) for pattern in self.chain)

    @property
    def argument_names(self) -> set[str]:
        names = set()
        for pattern in self.chain:
            if isinstance(pattern, RoutePattern):
                names |= set(pattern.converters)
            else:
                names |= set(pattern.regex.groupindex)
        return names

    def path(self, **values) -> str:
        """A concrete path: the arguments named in `values` take those, the others a sample."""
        return "/" + "".join(concrete_path(pattern, values) for pattern in self.chain)


def walk_urls(patterns=None, chain=(), namespace="") -> list[WalkedURL]:
    """Every URL pattern, descending into includes (in the resolver's order)."""
    found = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(part for part in (namespace, entry.namespace) if part)
            found += walk_urls(entry.url_patterns, (*chain, entry.pattern), inner)
        else:
            assert isinstance(entry, URLPattern)
            found.append(WalkedURL((*chain, entry.pattern), entry, namespace))
    return found


def reachable_urls() -> list[WalkedURL]:
    """`walk_urls()` without the patterns hidden by an earlier one of the same path: the resolver
    answers with the first (a project URL placed before an app's, to replace it)."""
    found: dict[str, WalkedURL] = {}
    for url in walk_urls():
        found.setdefault(url.path(), url)
    return list(found.values())


EVERY_URL = sorted((url.path(), url.endpoint) for url in reachable_urls())
