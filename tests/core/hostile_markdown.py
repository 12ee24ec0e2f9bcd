"""Texts of about 100 KB built to make a Markdown renderer work hard: the test of core.markdown
and bench/markdown_render.py both use them."""

SIZE = 100_000

# Each about 100 KB, built on what makes naive Markdown parsers backtrack (Python-Markdown took
# 21-25 seconds over 8,000 `[`) or their output grow out of proportion to the text.
HOSTILE_INPUTS = {
    "open brackets": "[" * SIZE,
    "open brackets on lines": "[\n" * (SIZE // 2),
    "image openers": "![" * (SIZE // 2),
    "unclosed links": "[a](" * (SIZE // 4),
    "reference-like links": "[x][" * (SIZE // 4),
    "nested emphasis": "*_" * (SIZE // 4) + "_*" * (SIZE // 4),
    "alternating emphasis": "*a **a " * (SIZE // 7),
    "underscores": "_a" * (SIZE // 2),
    "angle brackets": "<" * SIZE,
    "unclosed tags": "<a" * (SIZE // 2),
    "backticks": "`" * SIZE,
    "backtick runs": "".join("`" * length + "a" for length in range(1, 440)),
    "nested blockquotes": ">" * SIZE,
    "blockquote ladder": "\n".join(">" * depth + " a" for depth in range(1, 440)),
    "nested lists": "\n".join("  " * depth + "- a" for depth in range(300)),
    "table rows": "a|b\n-|-\n" + "|\n" * (SIZE // 2),
    "wide table": "|" + "a|" * 2_000 + "\n|" + "-|" * 2_000 + "\n" + "|\n" * ((SIZE - 8_000) // 2),
    "many tables of missing cells": ("|" + "a|" * 256 + "\n|" + "-|" * 256 + "\n" + "|\n" * 256 + "\n") * 65,
    "one link used thousands of times": "[x]: https://example.org/" + "a" * 5_000 + "\n\n" + "[x]" * 31_000,
    "entities": "&#" * (SIZE // 2),
    "backslashes": "\\" * SIZE,
}
