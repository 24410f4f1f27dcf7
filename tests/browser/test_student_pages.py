"""What a student does in a real browser: compare, switch treaties, share the link, change
language, search. Each main page also passes axe-core and is saved as a screenshot."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

DEFENCE_ROW = "#topic-mutual-defence"


def test_comparison_shows_the_three_defence_articles_side_by_side(page, site):
    page.goto(site("/en/compare/"))
    cells = page.locator(f"{DEFENCE_ROW} td")
    expect(cells).to_have_count(3)
    expect(cells.nth(0)).to_contain_text("Article 1")
    expect(cells.nth(0)).to_contain_text("Automatic military assistance")
    expect(cells.nth(1)).to_contain_text("No military-assistance clause")
    expect(cells.nth(2)).to_contain_text("Article 4")
    expect(cells.nth(2).locator("mark", has_text="without delay")).to_be_visible()


def test_changing_a_treaty_swaps_the_table_and_the_url(page, site, console_errors):
    page.goto(site("/en/compare/"))
    page.evaluate("window.loadedOnce = true")  # survives only if the page is not reloaded
    page.get_by_label("2000 Russia–DPRK Treaty").uncheck()
    page.wait_for_url(re.compile(r"treaties=ussr-dprk-1961&treaties=russia-dprk-2024"))
    expect(page.locator(".comparison-table thead th")).to_have_count(3)  # topic + 2 treaties
    expect(page.locator(DEFENCE_ROW)).not_to_contain_text("No military-assistance clause")
    assert page.evaluate("window.loadedOnce") is True
    assert console_errors == []


def test_ticking_a_treaty_with_the_keyboard_keeps_the_focus_on_it(page, site):
    page.goto(site("/en/compare/"))
    box = page.get_by_label("2000 Russia–DPRK Treaty")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"treaties=ussr-dprk-1961&treaties=russia-dprk-2024"))
    expect(page.locator(".comparison-table thead th")).to_have_count(3)
    assert page.evaluate("document.activeElement.id") == "compare-russia-dprk-2000"
    page.keyboard.press("Space")  # and the next key works on it
    expect(page.locator(".comparison-table thead th")).to_have_count(4)


def test_after_a_live_update_the_language_switch_keeps_the_new_address(page, site):
    page.goto(site("/en/reactions/"))
    page.get_by_label("Stance").select_option("critical")
    page.wait_for_url(re.compile(r"/en/reactions/\?stance=critical$"))  # no empty parameters
    page.locator('.language-switch a[hreflang="ar"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    assert page.url.endswith("/ar/reactions/?stance=critical")


def test_the_timeline_marks_are_reached_by_keyboard_and_lead_to_their_steps(page, site):
    page.goto(site("/en/timeline/"))
    page.locator("body").focus()
    for _ in range(30):  # tab through the page's links until the chart's first mark
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('class')") == "mark-link":
            break
    target = page.evaluate("document.activeElement.getAttribute('href')")
    assert target.startswith("#step-")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(target + "$"))
    expect(page.locator(target)).to_be_in_viewport()


def test_the_permalink_reloads_the_same_comparison(page, site):
    page.goto(site("/en/compare/"))
    page.get_by_label("1961 Soviet–DPRK Treaty").uncheck()
    page.wait_for_url(re.compile(r"treaties=russia-dprk-2000&treaties=russia-dprk-2024"))
    permalink = page.url

    page.goto(permalink)
    expect(page.get_by_label("1961 Soviet–DPRK Treaty")).not_to_be_checked()
    expect(page.get_by_label("2000 Russia–DPRK Treaty")).to_be_checked()
    expect(page.locator(".comparison-table thead th")).to_have_count(3)
    expect(page.locator(".glance-item")).to_have_count(2)


def test_the_wording_diff_opens_in_place(page, site):
    page.goto(site("/en/compare/"))
    page.get_by_role("link", name="1961 to 2024").first.click()
    diff = page.locator("#wording-mutual-defence .diff")
    expect(diff.locator("ins").first).to_be_visible()
    expect(diff).to_contain_text("without delay")


def test_without_javascript_the_controls_are_a_plain_form(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site("/en/compare/"))
    page.get_by_label("2000 Russia–DPRK Treaty").uncheck()
    page.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(re.compile(r"treaties=ussr-dprk-1961&treaties=russia-dprk-2024"))
    expect(page.locator(".comparison-table thead th")).to_have_count(3)
    context.close()


def test_the_language_switch_turns_the_page_right_to_left(page, site):
    page.goto(site("/en/compare/"))
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    page.locator('.language-switch a[hreflang="ar"]').click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("قارن بين المعاهدات موضوعًا موضوعًا")
    assert page.url.endswith("/ar/compare/")


def test_search_finds_an_arabic_word_from_the_article_as_you_type(page, site):
    page.goto(site("/ar/search/"))
    page.get_by_role("searchbox").press_sequentially("أقوى", delay=40)
    results = page.locator("#search-results")
    expect(results.locator("mark", has_text="أقوى").first).to_be_visible()
    expect(results).to_contain_text("كيم جونغ أون")
    assert "q=" in page.url


def test_search_finds_an_english_word_from_a_clause(page, site):
    page.goto(site("/en/search/"))
    page.get_by_role("searchbox").fill("delay")
    expect(page.locator("#search-results")).to_contain_text(
        "Article 4: Military assistance without delay"
    )


MAIN_PAGES = {
    "home": "/{lang}/",
    "compare": "/{lang}/compare/",
    "timeline": "/{lang}/timeline/",
    "reactions": "/{lang}/reactions/",
    "search": "/{lang}/search/?q={query}",
    "treaty-2024": "/{lang}/treaties/russia-dprk-2024/",
    "article-2024-4": "/{lang}/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
    "reaction": "/{lang}/reactions/blinken-russia-desperation/",
    "methodology": "/{lang}/methodology/",
    "wording": "/{lang}/compare/wording/?topic=mutual-defence&old=ussr-dprk-1961"
    "&new=russia-dprk-2024",
    "in-force-gap": "/{lang}/in-force/?date=1999-06-01",
    "in-force": "/{lang}/in-force/?date=1980-01-01",
    "topic": "/{lang}/topics/mutual-defence/",
    "party": "/{lang}/parties/russia/",
    "sources": "/{lang}/sources/",
    "about": "/{lang}/about/",
    "data": "/{lang}/data/",
    "release-compare": "/releases/1/{lang}/compare/?treaties=ussr-dprk-1961"
    "&treaties=russia-dprk-2024",
}
QUERIES = {"en": "treaty", "ar": "المعاهدة"}
VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("name", list(MAIN_PAGES))
def test_main_pages_pass_axe_and_are_saved_as_screenshots(
    page, site, release, axe_violations, console_errors, screenshot, name, lang
):
    url = site(MAIN_PAGES[name].format(lang=lang, query=QUERIES[lang]))
    for viewport_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        response = page.goto(url)
        assert response.status == 200
        screenshot(f"{name}-{lang}-{viewport_name}")
    assert console_errors == []
    assert axe_violations() == []


def test_phone_width_has_no_sideways_scrolling(page, site, release):
    page.set_viewport_size(VIEWPORTS["phone"])
    paths = (
        "/ar/compare/",
        "/en/compare/",
        "/en/treaties/ussr-dprk-1961/",
        "/ar/timeline/",
        "/ar/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
        "/ar/methodology/",
        "/ar/data/",
        "/en/data/",
    )
    for path in paths:
        page.goto(site(path))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, path


def test_the_comparison_prints_without_its_controls(page, site):
    page.goto(site("/en/compare/"))
    page.emulate_media(media="print")
    expect(page.locator(".compare-form")).to_be_hidden()
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(DEFENCE_ROW)).to_be_visible()
    pdf = page.pdf(format="A4", landscape=True)
    assert pdf.startswith(b"%PDF")


def test_english_words_quoted_on_an_arabic_page_open_with_english_marks(page, site):
    """Chromium gave an English <q> on an Arabic page the Arabic marks, reversed around it."""
    page.goto(site("/ar/methodology/"))
    quote = page.locator('q[lang="en"]').first
    marks = quote.evaluate(
        "q => [getComputedStyle(q).quotes, getComputedStyle(q, '::before').content]"
    )
    assert marks[0].startswith('"\u201c" "\u201d"'), marks
