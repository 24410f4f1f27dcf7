"""The one rule for text people read, whichever way it arrives (admin, API, import).

A reader sees the characters of a text, and nothing else may be in it: what would display in an
order other than the stored one (bidirectional embeddings, overrides and isolates), what no font
draws and this site uses for itself (private-use characters: search snippets mark matches with
them), control characters, and what is not a character at all (lone surrogates, noncharacters)
are refused. Marks that only set direction (LRM, RLM, ALM) and invisible spaces are dropped
instead: they carry no words, and the pages set each text's direction themselves. Joiners (ZWJ,
ZWNJ) stay: Arabic and other scripts shape letters with them. Lines end with LF alone.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters but tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# (pattern, message code, message): the first that matches names the problem.
REFUSED = [
    (
        CONTROL_CHARACTERS,
        "control_character",
        _("Remove the control characters (such as U+0000) from the text."),
    ),
    (
        re.compile("[\u202a-\u202e\u2066-\u2069]"),
        "bidi_control",
        _(
            "Remove the bidirectional embedding, override and isolate characters (U+202A to "
            "U+202E, U+2066 to U+2069)."
        ),
    ),
    (
        re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"),
        "private_use",
        _("Remove the private-use characters (U+E000 to U+F8FF and planes 15 and 16)."),
    ),
    (
        re.compile("[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"),
        "not_a_character",
        _("Remove what is not a character (a lone surrogate or a noncharacter)."),
    ),
]
# Left-to-right, right-to-left and Arabic letter marks; zero-width space, word joiner, BOM.
DROPPED = re.compile("[\u200e\u200f\u061c\u200b\u2060\ufeff]")
# A browser sends a textarea's lines ended by CR LF; XLSX files keep no CR (XML reads it as LF).
LINE_ENDS = re.compile("\r\n?")


def readable_text(value: str) -> str:
    """`value` without the invisible marks the rule drops, its lines ended by LF alone."""
    return LINE_ENDS.sub("\n", DROPPED.sub("", value))


def unreadable_text(value: str) -> tuple[str, str] | None:
    """(code, message) of the first kind of character the rule refuses in `value`, or None."""
    for pattern, code, message in REFUSED:
        if pattern.search(value):
            return code, str(message)
    return None


def validate_readable(value: str) -> None:
    """The rule as a field validator, for text that is no model field (a change's reason)."""
    problem = unreadable_text(value)
    if problem is not None:
        code, message = problem
        raise ValidationError(message, code=code)
