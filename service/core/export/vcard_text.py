"""vCard text by hand: value escaping (RFC 6350 §3.4 / RFC 2426 §4), parameter values (RFC 6868), line folding.

Written here rather than through vobject because vobject refuses a double quote in a parameter value instead of
writing RFC 6868's ^', writes line breaks raw inside a quoted LABEL (a file no reader can open), and escapes ';'
in plain text values, which RFC 6350's TEXT-CHAR does not allow (readers such as ical.js then show a backslash).
"""

from __future__ import annotations

import re

# Characters a vCard line cannot carry at all (C0 controls but tab, and DEL): dropped, as no escape exists for them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_NEEDS_QUOTES = re.compile(r"[,;:\s]|[^\x00-\x7f]")
FOLD_OCTETS = 75


def clean(text: str) -> str:
    """Line breaks as \\n, characters vCard cannot hold removed."""
    return _CONTROLS.sub("", _BREAKS.sub("\n", text))


def escape_text(text: str, component: bool = False) -> str:
    """A text value: backslash, comma and line break escaped; ';' too inside a structured value's component."""
    out = clean(text).replace("\\", "\\\\").replace(",", "\\,").replace("\n", "\\n")
    return out.replace(";", "\\;") if component else out


def escape_param(text: str) -> str:
    """A parameter value as RFC 6868 says (^^, ^n, ^'), in double quotes when it holds , ; : space or non-ASCII."""
    out = clean(text).replace("^", "^^").replace("\n", "^n").replace('"', "^'")
    return f'"{out}"' if _NEEDS_QUOTES.search(out) or out != text else out


def fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 6350 §3.2) without cutting a UTF-8 character; CRLF at the end."""
    pieces, current, size = [], [], 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = FOLD_OCTETS if not pieces else FOLD_OCTETS - 1  # a continuation line starts with one space
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def content_line(name: str, params: list[tuple[str, list[str]]], value: str) -> str:
    """NAME;PARAM=a,b;…:value, folded (the value must already be escaped)."""
    head = name.upper() + "".join(
        f";{key.upper()}=" + ",".join(escape_param(v) for v in values) for key, values in params if values)
    return fold(f"{head}:{value}")
