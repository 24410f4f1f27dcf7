"""A NUL byte in a page's query string: refused with a 400 that does not echo it (a page that
showed the refused value held a character HTML does not allow), while the API refuses it field
by field in JSON."""

import pytest
from django.urls import reverse

PAGES_AND_FIELDS = [
    ("search:search", "q"),
    ("treaties:in-force", "date"),
    ("treaties:compare", "treaties"),
    ("treaties:compare-wording", "topic"),
    ("reactions:list", "party"),
    ("treaties:timeline", "page"),
    ("treaties:list", "page"),
]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize(("page", "field"), PAGES_AND_FIELDS)
def test_a_nul_byte_in_a_page_address_is_a_400_that_does_not_echo_it(
    client, record, language, page, field
):
    client.cookies.clear()
    url = reverse(page).replace("/en/", f"/{language}/", 1)
    response = client.get(url, {field: "ussr-dprk-1961\x00<b>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "\x00" not in body
    assert "<b>" not in body
    assert f'<html lang="{language}"' in body
    assert ("Address not understood" in body) == (language == "en")


def test_a_nul_byte_in_a_name_of_the_query_is_refused_too(client, record):
    response = client.get(reverse("search:search") + "?q=treaty&x%00y=1")
    assert response.status_code == 400
    assert "\x00" not in response.content.decode()


def test_an_encoded_percent_sign_before_00_is_not_a_nul(client, record):
    assert client.get(reverse("search:search"), {"q": "%00"}).status_code == 200
