"""What an htmx answer carries besides its part of the page (core.htmx.render_page): the address
to show, without empty parameters, and the language switch pointing at it."""

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def test_a_filter_answer_pushes_its_address_without_empty_parameters(client, record):
    response = client.get("/en/reactions/?party=&stance=critical&treaty=", headers=HTMX)
    assert response["HX-Push-Url"] == "/en/reactions/?stance=critical"
    html = response.content.decode()
    assert '<nav id="language-switch"' in html
    assert 'data-hx-swap-oob="true"' in html
    assert 'href="/ar/reactions/?stance=critical"' in html


def test_a_comparison_answer_points_the_language_switch_at_the_new_comparison(client, record):
    url = "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024&topics="
    response = client.get(url, headers=HTMX)
    expected = "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024"
    assert response["HX-Push-Url"] == expected
    assert f'href="{expected.replace("/en/", "/ar/", 1).replace("&", "&amp;")}"' in (
        response.content.decode()
    )


def test_search_as_you_type_replaces_the_address_instead_of_piling_up_history(client, record):
    response = client.get("/en/search/?q=treaty&kind=", headers=HTMX)
    assert response["HX-Replace-Url"] == "/en/search/?q=treaty"
    assert "HX-Push-Url" not in response


def test_a_part_loaded_into_the_page_leaves_its_address_alone(client, record):
    url = "/en/compare/wording/?topic=mutual-defence&old=ussr-dprk-1961&new=russia-dprk-2024"
    response = client.get(url, headers=HTMX)
    assert "HX-Push-Url" not in response
    assert "HX-Replace-Url" not in response
    assert "language-switch" not in response.content.decode()


def test_a_whole_page_has_one_language_switch(client, record):
    html = client.get("/en/reactions/?stance=critical").content.decode()
    assert html.count('id="language-switch"') == 1
    assert "data-hx-swap-oob" not in html.split('id="language-switch"')[1].split(">")[0]
