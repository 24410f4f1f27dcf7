"""One rule for what a slug is: the URLs', the forms', the filters' and the API's."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.urls.converters import SlugConverter

from core.slugs import FILTER_SLUG_PATTERN, SLUG_PATTERN, SLUG_REGEX, is_slug

VALUES = ["russia-dprk-2024", "art_4", "A1", "", "a b", "a\x00b", "<b>", "مادة", "a/b", "a\n"]


def test_the_rule_is_djangos_slug_converter():
    assert SlugConverter.regex == SLUG_REGEX


@pytest.mark.parametrize("value", VALUES)
def test_every_reading_of_the_rule_agrees(value):
    try:
        validate_slug(value)
        valid = True
    except ValidationError:
        valid = False
    assert is_slug(value) is valid
    # The schema's patterns, read as JSON Schema reads them (no newline before the end).
    assert bool(re.fullmatch(SLUG_PATTERN.strip("^$"), value)) is valid
    assert bool(re.fullmatch(FILTER_SLUG_PATTERN.strip("^$"), value)) is (valid or value == "")
