"""The one rule for what a slug is, as Django's `slug` path converter and validate_slug read it.
URLs, forms, filters, the API's lookups and its schema all take it from here."""

import re

SLUG_REGEX = r"[-a-zA-Z0-9_]+"
SLUG_PATTERN = rf"^{SLUG_REGEX}$"
# A filter left empty (?party=) filters nothing, as an HTML form's "any" choice sends it.
FILTER_SLUG_PATTERN = rf"^(?:{SLUG_REGEX})?$"


def is_slug(value) -> bool:
    return isinstance(value, str) and re.fullmatch(SLUG_REGEX, value) is not None
