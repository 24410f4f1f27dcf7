"""A control character in a page's query string (a NUL byte, say): refused with a 400 that does
not echo it, once the address is resolved (a page that showed the refused value held a character
HTML does not allow), while the API refuses a NUL field by field in JSON
(tests/treaties/test_api.py)."""

import pytest
from django.test import Client
from django.urls import reverse

PAGES_AND_FIELDS = [
    ("search:search", "q"),
    ("treaties:in-force", "date"),
    ("treaties:compare", "treaties"),
    ("treaties:compare-wording", "topic"),
    ("treaties:methodology", "treaty"),
    ("reactions:list", "party"),
    ("treaties:timeline", "page"),
    ("treaties:list", "page"),
]


def refused(response, language="en") -> str:
    assert response.status_code == 400
    body = response.content.decode()
    assert not any(character in body for character in "\x00\x01\x1f\x7f\x85")
    assert "<b>" not in body
    assert f'<html lang="{language}"' in body
    assert ("Address not understood" in body) == (language == "en")
    return body


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("page", "field"), PAGES_AND_FIELDS)
def test_a_nul_byte_in_a_page_address_is_a_400_that_does_not_echo_it(
    client, record, language, page, field
):
    url = reverse(page).replace("/en/", f"/{language}/", 1)
    refused(client.get(url, {field: "ussr-dprk-1961\x00<b>"}), language)


@pytest.mark.parametrize("character", ["\x01", "\x1f", "\x7f", "\x85"])
def test_any_control_character_is_refused_alike(client, record, character):
    refused(client.get(reverse("search:search"), {"q": f"treaty{character}<b>"}))


def test_a_control_character_in_a_name_of_the_query_is_refused_too(client, record):
    refused(client.get(reverse("search:search") + "?q=treaty&x%00y=1"))


@pytest.mark.parametrize("q", ["%00", "treaty\tpact", "treaty\npact"])
def test_an_encoded_percent_sign_a_tab_or_a_line_end_is_searched(client, record, q):
    assert client.get(reverse("search:search"), {"q": q}).status_code == 200


def test_the_refused_page_marks_its_own_page_in_the_navigation_and_no_other(record):
    """The navigation is kept per page (its view's name): the refused page's must be the search
    page's, and leave no mark on the navigation of pages that resolve to no view."""
    client = Client()
    body = refused(client.get(reverse("search:search"), {"q": "\x00"}))
    assert 'href="/en/search/" aria-current="page"' in body
    not_found = client.get("/en/no-such-page/").content.decode()
    assert 'aria-current="page"' not in not_found


def test_a_nul_byte_in_the_path_is_not_echoed_either(client, record):
    response = client.get("/en/treaties/a%00b/")
    assert response.status_code == 404
    assert "\x00" not in response.content.decode()
    assert 'href="/en/treaties/a%00b/"' in response.content.decode()  # the language switch


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_the_probes_answer_for_themselves_whatever_their_query(client, record, probe):
    """An orchestrator's probe answers its own JSON; the liveness probe reads no database."""
    response = client.get(probe, {"x": "\x00"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
