"""The one rule for what a slug is, as Django's `slug` path converter and validate_slug read it.
URLs, forms, filters, the API's lookups and its schema all take it from here."""

import re

SLUG_CHARACTERS = "[-a-zA-Z0-9_]"
SLUG_REGEX = f"{SLUG_CHARACTERS}+"
SLUG_PATTERN = f"^{SLUG_REGEX}$"
# A filter left empty (?party=) filters nothing, as an HTML form's "any" choice sends it.
FILTER_SLUG_PATTERN = f"^{SLUG_CHARACTERS}*$"


def is_slug(value) -> bool:
    return isinstance(value, str) and re.fullmatch(SLUG_REGEX, value) is not None
