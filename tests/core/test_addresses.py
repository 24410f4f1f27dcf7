import pytest
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix
from django.utils import translation

from core.addresses import address_parts, slug_url


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_slug_address_is_the_one_reverse_makes(language):
    with translation.override(language):
        assert slug_url("treaties:detail", slug="russia-dprk-2024") == reverse(
            "treaties:detail", kwargs={"slug": "russia-dprk-2024"}
        )
        assert slug_url("treaties:clause-detail", treaty_slug="t_1", slug="article-4") == (
            f"/{language}/treaties/t_1/articles/article-4/"
        )
        assert slug_url("reactions:detail", slug="x") == reverse(
            "reactions:detail", kwargs={"slug": "x"}
        )


def test_an_address_is_reversed_once_for_every_slug(monkeypatch):
    address_parts.cache_clear()
    reversed_ = []
    monkeypatch.setattr(
        "core.addresses.reverse",
        lambda viewname, kwargs: reversed_.append(viewname) or reverse(viewname, kwargs=kwargs),
    )
    with translation.override("en"):
        addresses = [slug_url("treaties:detail", slug=f"treaty-{n}") for n in range(50)]
    assert addresses[7] == "/en/treaties/treaty-7/"
    assert reversed_ == ["treaties:detail"]


def test_an_address_follows_the_language_and_the_script_prefix():
    """A release's pages live under their own prefix (core.releases), in either language."""
    with translation.override("en"):
        assert slug_url("treaties:detail", slug="a") == "/en/treaties/a/"
    with translation.override("ar"):
        assert slug_url("treaties:detail", slug="a") == "/ar/treaties/a/"
    prefix = get_script_prefix()
    set_script_prefix("/releases/3/")
    try:
        with translation.override("en"):
            assert slug_url("treaties:detail", slug="a") == "/releases/3/en/treaties/a/"
    finally:
        set_script_prefix(prefix)
    with translation.override("en"):
        assert slug_url("treaties:detail", slug="a") == "/en/treaties/a/"


@pytest.mark.parametrize("slug", ["a b", "", "a/b", "ü", "slug-slug-stands-here/x"])
def test_what_is_no_slug_fails_as_reverse_fails(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("treaties:detail", slug=slug)
