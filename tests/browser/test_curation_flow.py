"""A curator adds a treaty with two articles and a reaction in the admin; an editor publishes
it; students then find it in the comparison. Driven through the real admin pages in chromium."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import save_screenshot
from treaties.models import Treaty

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "test-pact-2025"
SOURCE = "DPRK-Russia Treaty on Comprehensive"  # KCNA's text of the 2024 treaty, as a stand-in


@pytest.fixture
def staff(site, django_user_model, settings):
    # The live server speaks plain HTTP, where secure cookies would never come back.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    call_command("sync_roles", verbosity=0)
    for name in ("curator", "editor"):
        user = django_user_model.objects.create_user(
            name, password="a long test password", is_staff=True
        )
        user.groups.add(Group.objects.get(name=name))


def log_in(page: Page, site, username: str):
    page.goto(site("/admin/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a long test password")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_role("link", name="Log out").or_(page.get_by_role("button", name="Log out"))
    ).to_be_visible()


def choose(page: Page, select_id: str, search: str, option: str | None = None):
    """Pick a row in an admin autocomplete (select2) box: open it, type `search`, click the
    result showing `option` (by default the search itself)."""
    page.locator(f"#{select_id} + .select2").click()
    page.keyboard.type(search)
    page.locator(".select2-results__option", has_text=option or search).first.click()


def in_arabic(page: Page, fill):
    """Switch every language tab to Arabic, fill, and switch back."""
    page.locator("#modeltranslation-main-switch").select_option(label="ar")
    fill()
    page.locator("#modeltranslation-main-switch").select_option(label="en")


def add_treaty_with_two_clauses(page: Page, site):
    page.goto(site("/admin/treaties/treaty/add/"))
    page.locator("#id_title_en").fill("Pact of Testing between Russia and the DPRK")
    page.locator("#id_short_title_en").fill("2025 Test Pact")

    def arabic_titles():
        page.locator("#id_title_ar").fill("ميثاق الاختبار بين روسيا وكوريا الديمقراطية")
        page.locator("#id_short_title_ar").fill("ميثاق الاختبار 2025")

    in_arabic(page, arabic_titles)
    page.locator("#id_signed_on").fill("2025-01-10")
    # Typed after the titles, so the slug prepopulated from the short title is replaced.
    page.locator("#id_slug").fill(SLUG)
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    choose(page, "id_parties", "Russian Federation")
    choose(page, "id_parties", "Democratic People")
    choose(page, "id_sources", SOURCE)

    articles = [
        ("1", "Mutual assistance", "المساعدة المتبادلة", "Mutual defence"),
        ("2", "Trade", "التجارة", "Economy and trade"),
    ]
    for index, (number, heading_en, heading_ar, topic) in enumerate(articles):
        page.locator(".add-row a", has_text="Add another Clause").click()
        prefix = f"#id_clauses-{index}-"
        page.locator(f"{prefix}order").fill(number)
        page.locator(f"{prefix}slug").fill(f"{SLUG}-art-{number}")
        page.locator(f"{prefix}number").fill(number)
        page.locator(f"{prefix}heading_en").fill(heading_en)
        page.locator(f"{prefix}summary_en").fill(f"{heading_en}, as the test says.")

        def arabic_clause(prefix=prefix, heading_ar=heading_ar):
            page.locator(f"{prefix}heading_ar").fill(heading_ar)
            page.locator(f"{prefix}summary_ar").fill(f"{heading_ar}، كما يقول الاختبار.")

        in_arabic(page, arabic_clause)
        choose(page, f"id_clauses-{index}-topics", topic)
        choose(page, f"id_clauses-{index}-sources", SOURCE)

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def add_reaction(page: Page, site):
    page.goto(site("/admin/reactions/reaction/add/"))
    page.locator("#id_slug").fill("test-pact-welcomed")
    choose(page, "id_treaty", "2025 Test Pact")
    choose(page, "id_party", "People's Republic of China")
    page.locator("#id_date").fill("2025-01-11")
    page.locator("#id_stance").select_option("neutral")
    page.locator("#id_summary_en").fill("Took note of the test pact.")
    in_arabic(page, lambda: page.locator("#id_summary_ar").fill("أحاطت علمًا بميثاق الاختبار."))
    choose(page, "id_sources", SOURCE)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def test_curator_adds_editor_publishes_students_compare(browser, site, staff):
    curator = browser.new_context().new_page()
    log_in(curator, site, "curator")
    add_treaty_with_two_clauses(curator, site)
    add_reaction(curator, site)
    curator.goto(site("/admin/treaties/treaty/"))
    expect(curator.locator("#result_list")).to_contain_text("Draft")
    save_screenshot(curator, "admin-curator-draft-treaty")

    student = browser.new_context().new_page()
    compare = site(f"/en/compare/?treaties=russia-dprk-2024&treaties={SLUG}")
    assert student.goto(compare).status == 400  # a draft is not there for students yet

    editor = browser.new_context().new_page()
    log_in(editor, site, "editor")
    editor.goto(site("/admin/treaties/treaty/"))
    editor.get_by_role("row", name=re.compile("2025 Test Pact")).get_by_role("checkbox").check()
    editor.locator("select[name=action]").select_option("publish")
    editor.get_by_title("Run the selected action").click()
    # The confirmation lists what will go public: the treaty, its two articles, the reaction.
    expect(editor.locator("input[name=publish_with]")).to_have_count(3)
    save_screenshot(editor, "admin-publish-confirmation")
    editor.get_by_role("button", name="Yes, publish them").click()
    expect(editor.locator(".messagelist")).to_contain_text("Published 4 records.")

    assert student.goto(compare).status == 200
    defence = student.locator("#topic-mutual-defence")
    expect(defence).to_contain_text("Mutual assistance")
    expect(student.locator(".comparison-table thead")).to_contain_text("2025 Test Pact")
    save_screenshot(student, "compare-after-publishing")
    student.goto(site(f"/en/treaties/{SLUG}/"))
    expect(student.locator("#reaction-test-pact-welcomed")).to_contain_text("Took note")

    # Two people edit the treaty at once: the later save is refused and says what changed.
    change = site(f"/admin/treaties/treaty/{Treaty.objects.get(slug=SLUG).pk}/change/")
    curator.goto(change)
    editor.goto(change)
    editor.locator("#id_duration_en").fill("Twenty years")
    editor.locator("#id_change_reason").fill("The text gives twenty years")
    editor.get_by_role("button", name="Save", exact=True).click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    curator.locator("#id_duration_en").fill("Ten years")
    curator.get_by_role("button", name="Save", exact=True).click()
    refusal = curator.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("Someone saved this record after you opened it")
    expect(refusal).to_contain_text("Twenty years")
    save_screenshot(curator, "admin-stale-edit-refused")

    # The curator takes the editor's change back from History: the treaty stays published.
    treaty = Treaty.objects.get(slug=SLUG)
    first = treaty.history.earliest()
    curator.goto(site(f"/admin/treaties/treaty/{treaty.pk}/history/{first.history_id}/"))
    curator.locator("#id_change_reason").fill("No source gives a duration")
    curator.get_by_role("button", name="Revert").first.click()
    expect(curator.locator(".messagelist")).to_contain_text("was changed successfully")
    treaty.refresh_from_db()
    assert not treaty.duration_en  # as first saved: no duration
    assert not treaty.is_draft

    # The editor deletes the treaty (its reaction first: it protects the treaty), then brings
    # it back with its articles in one step.
    editor.goto(site("/admin/reactions/reaction/"))
    editor.get_by_role("row", name=re.compile("2025-01-11")).get_by_role("checkbox").check()
    editor.locator("select[name=action]").select_option("delete_selected")
    editor.get_by_title("Run the selected action").click()
    editor.get_by_role("button", name=re.compile("Yes, I.m sure")).click()
    editor.goto(change.replace("/change/", "/delete/"))
    expect(editor.locator("#content")).to_contain_text("Clauses: 2")  # what goes with it
    editor.get_by_role("button", name=re.compile("Yes, I.m sure")).click()
    assert student.goto(compare).status == 400
    editor.goto(site("/admin/treaties/treaty/"))
    editor.get_by_role("link", name="Deleted treaties").click()
    save_screenshot(editor, "admin-deleted-treaties")
    editor.get_by_role("button", name="Restore it, with all of these").click()
    expect(editor.locator(".messagelist")).to_contain_text("Restored 3 records.")
    assert student.goto(compare).status == 200
    expect(student.locator("#topic-mutual-defence")).to_contain_text("Mutual assistance")
    # Students read the edits made since publishing, with their reasons and no names.
    student.goto(site(f"/en/treaties/{SLUG}/"))
    changes = student.locator("section.changes")
    expect(changes).to_contain_text("The text gives twenty years")
    expect(changes).to_contain_text("No source gives a duration")
    expect(changes).not_to_contain_text("editor,")
    save_screenshot(student, "treaty-changes")
