"""Text is text: a string that comes from data (names, notes, sentences with names in
them) is escaped before Streamlit renders it as Markdown, so a client called
`![p](http://x/y.png)` or `**big**` reads as written and fetches nothing."""

from __future__ import annotations

import re

# the characters Markdown (and Streamlit's :color[...] and :emoji: directives) give a meaning
_SPECIAL = re.compile(r"([\\`*_\[\]{}()<>#+|~$!:=-])")


def plain(text: object) -> str:
    """`text` with every Markdown-active character backslash-escaped; '' for None."""
    if text is None:
        return ""
    return _SPECIAL.sub(r"\\\1", str(text))


def code(text: object) -> str:
    """`text` as an inline code span, which Markdown shows literally: a fence one backtick
    longer than any run of backticks inside it, so a path with a backtick cannot end it."""
    value = "" if text is None else str(text).replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"
