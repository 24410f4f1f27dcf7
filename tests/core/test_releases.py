"""Releases of the record (core.releases): numbered, dated copies of the published record whose
permalinks keep showing it after later edits, and whose files download with their checksums."""

import csv
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from html import unescape

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from core.models import RecordVersion, Release
from core.releases import make_release
from reactions.models import Reaction
from tests.admin_helpers import staff_client
from tests.factories import TreatyFactory
from treaties.models import Clause, Treaty

pytestmark = pytest.mark.django_db

TREATY = "/en/treaties/russia-dprk-2024/"
COMPARISON = "/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024"
NEW_WORDING = "A wording this test wrote after the release was made."


def in_release(number: int, url: str) -> str:
    return f"/releases/{number}{url}"


def first_release() -> Release:
    return make_release(changelog_en="The first release.", changelog_ar="الإصدار الأول.")


def edited_wording() -> tuple[str, str]:
    """Add a sentence to the wording of article 4 of the 2024 treaty (the text its pages quote,
    which keeps its key phrases); the old text and the sentence."""
    text = Clause.objects.get(slug="russia-dprk-2024-art-4").quote_for("en")
    old = text.text
    text.text = f"{old} {NEW_WORDING}"
    text.save()
    return old, NEW_WORDING


def page_text(response) -> str:
    """The page's text, without its tags (an article's key phrases are marked inside it)."""
    return unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def page_html(response) -> str:
    return unescape(response.content.decode())


def download(client, file) -> bytes:
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    return response.content


# Making a release


def test_releases_are_numbered_dated_and_keep_their_changelog(record):
    first = first_release()
    second = make_release(changelog_en="Two.", changelog_ar="اثنان.")
    assert (first.number, second.number) == (1, 2)
    assert first.made_on == second.made_on
    assert (second.changelog_en, second.changelog_ar) == ("Two.", "اثنان.")
    assert str(second) == "Record release 2"


def test_a_release_without_a_changelog_in_both_languages_is_refused(record):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_release(changelog_en="Only English.", changelog_ar="")
    assert "changelog_ar" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_release(changelog_en="   ", changelog_ar="عربي")
    assert "changelog_en" in error.value.message_dict
    assert not Release.objects.exists()


@pytest.mark.parametrize(
    "changelog",
    ["\u200b\u200b", "A changelog\u0000 with a NUL.", "Too long. " * 250, "\u202eReversed."],
)
def test_a_changelog_follows_the_plain_text_rule_and_stays_short(record, changelog):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        make_release(changelog_en=changelog, changelog_ar="الإصدار الأول.")
    assert "changelog_en" in error.value.message_dict
    assert not Release.objects.exists()


def test_a_bad_changelog_in_the_admin_is_a_form_error(record, client, django_user_model, roles):
    editor, _user = staff_client(client, django_user_model, "editor")
    response = editor.post(
        reverse("admin:core_release_add"),
        {"changelog_en": "\u200b", "changelog_ar": "x" * 5000},
    )
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"changelog_en", "changelog_ar"}
    assert not Release.objects.exists()


def test_no_one_makes_a_release_through_the_api(record, client, curator):
    first_release()
    # A curator holds no permission on releases; nor would an editor's write be routed.
    assert curator.post("/api/v2/releases/", {}, format="json").status_code in (403, 405)
    assert curator.delete("/api/v2/releases/1/").status_code in (403, 405)
    assert client.post("/api/v2/releases/", {}).status_code in (401, 403, 405)
    assert Release.objects.count() == 1


def test_a_formula_in_the_record_is_escaped_in_the_release_csv(record, client):
    Treaty.objects.filter(slug="russia-dprk-2024").update(short_title_en="=HYPERLINK(1)")
    release = first_release()
    content = download(
        client, release.files.get(name="treaty-record-release-1-treaties_treaty.csv")
    )
    rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    row = next(row for row in rows if row["slug"] == "russia-dprk-2024")
    assert row["short_title_en"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    "name", ["..%2F..%2Fetc%2Fpasswd", "%00", "x" * 5000, "treaty-record-release-1.json%E2%80%8B"]
)
def test_a_strange_download_name_is_a_404(record, client, name):
    first_release()
    assert client.get(f"/data/{name}").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_release_is_the_version_of_the_record_it_copied(record):
    before = RecordVersion.current()
    release = first_release()
    # Making it raised the version once (kept answers then show it), to the number it keeps.
    assert release.record_version == RecordVersion.current() == before + 1
    edited_wording()
    assert RecordVersion.current() > release.record_version


def test_a_release_holds_the_published_record_only(record, client):
    draft = TreatyFactory(publication="draft", slug="a-draft-treaty")
    release = first_release()
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT slug FROM {release.schema}."treaties_treaty"')  # noqa: S608
        slugs = {slug for (slug,) in cursor.fetchall()}
    assert slugs == set(Treaty.objects.published().values_list("slug", flat=True))
    assert draft.slug not in slugs
    record_json = json.loads(download(client, release.files.get(format="json")))
    assert draft.slug not in {row["slug"] for row in record_json["tables"]["treaties_treaty"]}
    assert client.get(in_release(1, "/en/treaties/a-draft-treaty/")).status_code == 404


# Permalinks: the record as it was


def test_a_release_permalink_shows_the_old_wording_after_an_edit(record, client):
    first_release()
    old, new = edited_wording()
    live, pinned = client.get(TREATY), client.get(in_release(1, TREATY))
    assert pinned.status_code == 200
    assert new in page_text(live)
    assert old in page_text(pinned)
    assert new not in page_text(pinned)


def test_a_release_comparison_shows_the_old_wording_after_an_edit(record, client):
    first_release()
    old, new = edited_wording()
    pinned = page_text(client.get(in_release(1, COMPARISON)))
    assert old[:80] in pinned
    assert new not in pinned
    assert new in page_text(client.get(COMPARISON))


def test_a_control_character_in_a_release_page_is_refused_and_in_its_api_named(record, client):
    """Pages and API alike under a release's prefix, as on the live site."""
    first_release()
    page = client.get(in_release(1, "/en/search/"), {"q": "treaty\x00"})
    assert page.status_code == 400
    assert "\x00" not in page.content.decode()
    answer = client.get(in_release(1, "/api/v2/clauses/"), {"q": "treaty\x00"})
    assert answer.status_code == 400
    assert "q" in answer.json()


def test_a_release_keeps_its_own_fragments_apart_from_the_live_record(record, client, kept_answers):
    """The comparison keeps each article's excerpt under the record's version: a release's
    page must not read the live record's excerpts kept under the same version."""
    first_release()
    old, new = edited_wording()
    assert new in page_text(client.get(COMPARISON))  # keeps the new excerpts
    pinned = page_text(client.get(in_release(1, COMPARISON)))
    assert old[:80] in pinned
    assert new not in pinned


def test_a_release_page_shows_the_change_log_as_it_was(record, client):
    first_release()
    treaty = Treaty.objects.get(slug="russia-dprk-2024")
    treaty.summary_en = f"{treaty.summary_en} Edited after the release."
    treaty._change_reason = "A reason written after release 1"
    treaty.save()
    assert "A reason written after release 1" in page_text(client.get(TREATY))
    pinned = page_text(client.get(in_release(1, TREATY)))
    assert "A reason written after release 1" not in pinned
    assert "Edited after the release." not in pinned


def test_a_release_does_not_name_a_draft_even_by_its_key(record, client):
    draft = TreatyFactory(publication="draft", slug="a-draft-treaty")
    Treaty.objects.filter(slug="russia-dprk-2024").update(replaces=draft)
    release = first_release()
    record_json = json.loads(download(client, release.files.get(format="json")))
    treaties = {row["slug"]: row for row in record_json["tables"]["treaties_treaty"]}
    assert treaties["russia-dprk-2024"]["replaces_id"] is None
    assert Treaty.objects.get(slug="russia-dprk-2024").replaces == draft  # the record keeps it


def test_a_release_copies_the_history_of_its_rows_only(record):
    draft = TreatyFactory(publication="draft", slug="a-draft-treaty")
    release = first_release()
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT slug FROM {release.schema}."treaties_historicaltreaty"'  # noqa: S608
        )
        slugs = {slug for (slug,) in cursor.fetchall()}
        cursor.execute(
            f'SELECT count(*) FROM {release.schema}."treaties_historicaltreaty_parties"'  # noqa: S608
        )
        (party_history,) = cursor.fetchone()
    assert "russia-dprk-2024" in slugs
    assert draft.slug not in slugs
    assert party_history > 0


def test_every_page_and_the_api_of_a_release_read_the_release(record, client):
    first_release()
    Reaction.objects.filter(slug="blinken-cho-call").update(summary_en="Edited since.")
    _old_wording, new_wording = edited_wording()
    reaction = client.get(in_release(1, "/api/v2/reactions/blinken-cho-call/")).json()
    assert reaction["summary"]["en"] != "Edited since."
    assert reaction["api_url"].endswith("/releases/1/api/v2/reactions/blinken-cho-call/")
    for url in ("/en/treaties/russia-dprk-2024/text/", "/en/search/?q=defence", "/ar/timeline/"):
        assert client.get(in_release(1, url)).status_code == 200, url
    search = page_text(client.get(in_release(1, "/en/search/?q=wording+this+test+wrote")))
    assert new_wording not in search


def test_links_on_a_release_page_stay_in_the_release(record, client):
    first_release()
    page = page_html(client.get(in_release(1, COMPARISON)))
    assert 'action="/releases/1/en/compare/"' in page
    assert 'href="/releases/1/en/treaties/russia-dprk-2024/"' in page
    assert 'href="/releases/1/ar/compare/?' in page  # the language switch
    assert 'href="/en/compare/?treaties=ussr-dprk-1961&treaties=russia-dprk-2024"' in page
    assert '<link rel="canonical" href="http://testserver/releases/1/en/compare/' in page
    assert '<meta name="robots" content="noindex">' in page
    assert "noindex" not in page_html(client.get(COMPARISON))


def test_a_release_page_says_which_release_it_shows(record, client):
    release = first_release()
    page = page_text(client.get(in_release(1, TREATY)))
    assert "You are reading release 1 of the record" in page
    assert f"Record release 1, {release.made_on.isoformat()}" in page
    assert "See this page as it is now" in page
    arabic = page_text(client.get(in_release(1, "/ar/treaties/russia-dprk-2024/")))
    assert "الإصدار 1" in arabic
    # In words: an ISO date in right-to-left text reads reversed, even in a citation.
    with translation.override("ar"):
        day = date_format(release.made_on, "DATE_FORMAT")
    assert f"إصدار السجل 1، {day}" in arabic
    assert release.made_on.isoformat() not in arabic.split("BibTeX")[0]


@pytest.mark.django_db(transaction=True)
def test_live_pages_name_the_latest_release_and_whether_the_record_changed_since(record, client):
    assert "No release of the record has been made yet." in page_text(client.get(TREATY))
    release = first_release()
    label = f"Record release 1, {release.made_on.isoformat()}"
    page = page_text(client.get(TREATY))
    assert label in page
    assert "with changes since" not in page
    edited_wording()
    page = page_text(client.get(TREATY))
    assert label in page
    assert "with changes since" in page


@pytest.mark.parametrize(
    "url",
    [
        "/releases/2/en/",
        "/releases/0/en/treaties/",
        "/releases/01/en/",
        "/releases/1/admin/",
        "/releases/x/en/",
        "/releases/1/en/%0A",
    ],
)
def test_what_no_release_holds_is_a_404(record, client, url):
    first_release()
    assert client.get(url).status_code == 404


def test_a_release_whose_schema_is_gone_is_a_404_not_the_live_record(record, client):
    release = first_release()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA {release.schema} CASCADE")
    assert client.get(in_release(1, TREATY)).status_code == 404


def test_an_api_error_in_a_release_is_json(record, client):
    first_release()
    response = client.get(in_release(1, "/api/v2/no-such-list/"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_a_release_keeps_answering_after_a_migration_changes_the_record(record, client):
    """A migration adds a column, or a table, to the record: the views read them, and every
    release's copy is brought up to date (post_migrate), its rows unchanged."""
    first_release()
    old, new = edited_wording()
    with connection.cursor() as cursor:  # as if both came after the release
        cursor.execute('ALTER TABLE release_1."treaties_treaty" DROP COLUMN "ended_on_certainty"')
        cursor.execute('DROP TABLE release_1."treaties_event"')
    call_command("migrate", verbosity=0)
    page = client.get(in_release(1, TREATY))
    assert page.status_code == 200
    assert old in page_text(page)
    assert new not in page_text(page)
    assert client.get(in_release(1, "/ar/timeline/")).status_code == 200


def test_a_release_is_read_only(record, client):
    first_release()
    response = client.post(in_release(1, "/api/v2/treaties/"), {}, content_type="application/json")
    assert response.status_code == 405
    assert client.get(in_release(1, "/")).status_code == 302


# Citations and PDFs name the release


@pytest.mark.django_db(transaction=True)
def test_a_live_page_cites_the_release_it_still_is(record, client):
    release = first_release()
    bibtex = client.get("/api/v2/treaties/russia-dprk-2024/?format=bibtex").content.decode()
    assert "http://testserver/releases/1/en/treaties/russia-dprk-2024/" in bibtex
    assert f"Record release 1, {release.made_on.isoformat()}" in bibtex
    edited_wording()
    bibtex = client.get("/api/v2/treaties/russia-dprk-2024/?format=bibtex").content.decode()
    assert "http://testserver/releases/" not in bibtex
    assert "changed since release 1" in bibtex


def test_a_curators_page_with_drafts_never_cites_the_release(record, client, curator):
    first_release()
    bibtex = curator.get("/api/v2/treaties/russia-dprk-2024/?format=bibtex").content.decode()
    assert "/releases/" not in bibtex
    assert "Record release" not in bibtex


def test_a_release_page_cites_itself(record, client):
    first_release()
    edited_wording()
    page = page_html(client.get(in_release(1, TREATY)))
    assert "url = {http://testserver/releases/1/en/treaties/russia-dprk-2024/}" in page
    assert "changed since" not in page


def test_a_release_pdf_names_the_release(record, client):
    pypdf = pytest.importorskip("pypdf")
    release = first_release()
    edited_wording()
    response = client.get(in_release(1, "/en/treaties/russia-dprk-2024/pdf/"))
    pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(page.extract_text() for page in pages)
    assert f"Record release 1, {release.made_on.isoformat()}" in text
    assert NEW_WORDING not in text


# The files


def test_the_files_match_their_checksums(record, client):
    release = first_release()
    files = {file.name: file for file in release.files.all()}
    sums = download(client, files["treaty-record-release-1.sha256"]).decode()
    listed = dict(reversed(line.split("  ")) for line in sums.splitlines())
    assert set(listed) == set(files) - {"treaty-record-release-1.sha256"}
    for name, checksum in listed.items():
        content = download(client, files[name])
        assert hashlib.sha256(content).hexdigest() == checksum == files[name].sha256
        assert len(content) == files[name].size


def test_downloads_are_not_kept_with_the_answers(record, client, kept_answers):
    release = first_release()
    file = release.files.get(format="sqlite")
    assert client.get(file.get_absolute_url()).status_code == 200
    kept = [key for key in caches["record"]._cache if ":answer:" in key]
    assert kept == []


def test_a_download_is_named_and_kept_for_ever(record, client):
    release = first_release()
    file = release.files.get(name="treaty-record-release-1.sqlite")
    response = client.get(file.get_absolute_url())
    disposition = 'attachment; filename="treaty-record-release-1.sqlite"'
    assert response["Content-Disposition"] == disposition
    assert response["Content-Type"] == "application/vnd.sqlite3"
    assert response["ETag"] == f'"{file.sha256}"'
    assert "immutable" in response["Cache-Control"]
    assert (
        client.get(file.get_absolute_url(), headers={"if-none-match": response["ETag"]}).status_code
        == 304
    )
    assert client.get("/data/treaty-record-release-9.json").status_code == 404


def test_the_json_file_holds_every_published_table(record, client):
    release = first_release()
    content = json.loads(download(client, release.files.get(format="json")))
    assert content["release"]["number"] == 1
    assert content["release"]["changelog"] == {"en": "The first release.", "ar": "الإصدار الأول."}
    treaties = {row["slug"]: row for row in content["tables"]["treaties_treaty"]}
    assert treaties["russia-dprk-2024"]["signed_on"] == "2024-06-19"
    assert "search_en" not in treaties["russia-dprk-2024"]
    assert len(content["tables"]["treaties_clause"]) == (
        Treaty.objects.published().filter(clauses__publication="published").count()
    )
    assert content["tables"]["treaties_treaty_parties"]


def test_each_table_is_a_csv_file_spreadsheets_read_arabic_from(record, client):
    release = first_release()
    treaties = release.files.get(name="treaty-record-release-1-treaties_treaty.csv")
    content = download(client, treaties)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    row = next(row for row in rows if row["slug"] == "russia-dprk-2024")
    assert row["title_ar"] == Treaty.objects.get(slug="russia-dprk-2024").title_ar
    archive = zipfile.ZipFile(io.BytesIO(download(client, release.files.get(format="zip"))))
    assert archive.read("treaties_treaty.csv") == content
    assert len(archive.namelist()) == release.files.filter(format="csv").count()


def test_the_sqlite_file_opens_with_every_table(record, client):
    release = first_release()
    database = sqlite3.connect(":memory:")
    database.deserialize(download(client, release.files.get(format="sqlite")))
    (count,) = database.execute("SELECT count(*) FROM treaties_treaty").fetchone()
    assert count == Treaty.objects.published().count()
    (title,) = database.execute(
        "SELECT title_ar FROM treaties_treaty WHERE slug = 'russia-dprk-2024'"
    ).fetchone()
    assert title == Treaty.objects.get(slug="russia-dprk-2024").title_ar
    assert database.execute("SELECT number FROM release").fetchone() == (1,)


# The Data page and the API


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_data_page_lists_every_release_with_its_files(record, client, language):
    first_release()
    make_release(changelog_en="The second release.", changelog_ar="الإصدار الثاني.")
    page = page_html(client.get(f"/{language}/data/"))
    assert page.index('id="release-2"') < page.index('id="release-1"')
    assert ("The second release." if language == "en" else "الإصدار الثاني.") in page
    for file in Release.objects.get(number=2).files.all():
        assert f'href="{file.get_absolute_url()}"' in page
        assert file.sha256 in page
    assert f'href="/releases/1/{language}/"' in page


def test_the_data_page_without_a_release_says_so(record, client):
    assert "No release of the record has been made yet." in page_text(client.get("/en/data/"))


def test_the_api_lists_releases_with_their_files(record, client):
    release = first_release()
    listed = client.get("/api/v2/releases/").json()["results"]
    assert [item["number"] for item in listed] == [1]
    detail = client.get("/api/v2/releases/1/").json()
    assert detail["site_url"] == "http://testserver/releases/1/"
    assert detail["changelog"] == {"en": "The first release.", "ar": "الإصدار الأول."}
    files = {file["name"]: file for file in detail["files"]}
    sqlite_file = release.files.get(format="sqlite")
    assert files[sqlite_file.name]["sha256"] == sqlite_file.sha256
    assert files[sqlite_file.name]["url"] == f"http://testserver{sqlite_file.get_absolute_url()}"
    assert client.get("/api/v2/releases/7/").status_code == 404
    assert "releases" in client.get("/api/v2/").json()


# Who makes one


def test_an_editor_makes_a_release_in_the_admin(record, client, django_user_model, roles):
    editor, user = staff_client(client, django_user_model, "editor")
    response = editor.post(
        reverse("admin:core_release_add"),
        {"changelog_en": "From the admin.", "changelog_ar": "من لوحة الإدارة."},
    )
    assert response.status_code == 302
    release = Release.objects.get()
    assert (release.number, release.made_by, release.changelog_en) == (1, user, "From the admin.")
    assert release.files.filter(format="sqlite").exists()
    change = editor.get(reverse("admin:core_release_change", args=[release.pk]))
    assert change.status_code == 200
    assert release.files.first().name in page_html(change)
    assert editor.post(reverse("admin:core_release_delete", args=[release.pk])).status_code == 403


def test_a_curator_cannot_make_a_release(record, client, django_user_model, roles):
    curator, _user = staff_client(client, django_user_model, "curator")
    assert curator.get(reverse("admin:core_release_changelist")).status_code == 200
    response = curator.post(
        reverse("admin:core_release_add"), {"changelog_en": "x", "changelog_ar": "س"}
    )
    assert response.status_code == 403
    assert not Release.objects.exists()


def test_the_make_release_command(record, capsys):
    call_command("make_release", changelog_en="By command.", changelog_ar="بأمر.")
    release = Release.objects.get()
    output = capsys.readouterr().out
    assert f"{release.files.get(format='json').sha256}  treaty-record-release-1.json" in output
