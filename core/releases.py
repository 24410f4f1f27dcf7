"""Releases of the record: numbered, dated snapshots of what the public sees, to cite and download.

make_release() copies the published rows of every record table (settings.RECORD_APPS, their
history included) into a schema of the release's own, in the transaction that numbers it, and
makes its files from those rows. as_of_release() runs a view with that schema ahead of `public`
on PostgreSQL's search_path: the same views and queries then read the record as it was, so a
release's permalinks keep showing what was cited after any later edit.

The release raises the record's version itself, first: that locks the version's row, so no
write to the record can commit between the copy and the number the release keeps
(Release.record_version). While the version has not moved, the live record is that release.
"""

import csv
import datetime
import hashlib
import io
import json
import re
import sqlite3
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit, urlunsplit

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.http import Http404, HttpResponseNotAllowed
from django.urls import get_script_prefix, set_script_prefix
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from . import selectors
from .fragments import kept_fragments, record_version
from .models import RecordVersion, Release, ReleaseFile, previews_drafts
from .search_vectors import search_vector_paths
from .spreadsheets import spreadsheet_safe

FILE_STEM = "treaty-record-release-{number}"
# What a release adds to an address after the script prefix.
RELEASE_PART = re.compile(r"^releases/[1-9][0-9]{0,8}/")

# The version's row raised as core.db's trigger raises it, marked so that the trigger does not
# raise it again when this transaction commits.
RAISE_RECORD_VERSION_SQL = """
INSERT INTO core_recordversion (id, number) VALUES (1, 1)
ON CONFLICT (id) DO UPDATE SET number = core_recordversion.number + 1
RETURNING number
"""
MARK_RAISED_SQL = "SELECT set_config('record_version.raised_in', txid_current()::text, true)"


def is_history(model) -> bool:
    return model._meta.model_name.startswith("historical")


def record_tables() -> list[type[models.Model]]:
    """Every model whose table a release copies, each after the rows it is chosen by: the
    record's own, their many-to-many tables, their history, and the history of those."""
    every = [
        model
        for label in settings.RECORD_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    own = [model for model in every if not model._meta.auto_created and not is_history(model)]
    joins = [model for model in every if model._meta.auto_created and not is_history(model)]
    history = [model for model in every if is_history(model)]
    # A many-to-many field's history points at its owner's history (`history`).
    owners = [model for model in history if not history_owner(model)]
    return own + joins + owners + [model for model in history if history_owner(model)]


def history_owner(model) -> models.Field | None:
    """The field of a many-to-many history row naming the history row it belongs to."""
    fields = [field for field in model._meta.concrete_fields if field.name == "history"]
    return fields[0] if fields else None


def writable_columns(cursor, table: str) -> list[str]:
    """The columns of `table` a row is written with: all but the generated ones (tsvectors)."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND table_name = %s AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    )
    return [f'"{name}"' for (name,) in cursor.fetchall()]


def published_rows(model, schema: str) -> tuple[str, list]:
    """A WHERE clause choosing the rows of `model` the public sees, and its parameters: a
    record's by its own rules (what visible() shows the public), a many-to-many row's by both
    rows it joins being in the release already; a history row's by its record being in it (a
    many-to-many history row's by the history row it belongs to). Names from the models, never
    from input."""
    if is_history(model):
        owner = history_owner(model)
        if owner is not None:
            parent = owner.related_model._meta.db_table
            key = owner.target_field.column
            return f'"{owner.column}" IN (SELECT "{key}" FROM {schema}."{parent}")', []  # noqa: S608
        tracked = model.instance_type._meta
        copied = f'{schema}."{tracked.db_table}"'
        return f'"id" IN (SELECT "{tracked.pk.column}" FROM {copied})', []  # noqa: S608
    if model._meta.auto_created:
        joined = [
            f'"{field.column}" IN (SELECT "{field.target_field.column}" FROM '  # noqa: S608
            f'{schema}."{field.related_model._meta.db_table}")'
            for field in model._meta.concrete_fields
            if field.is_relation
        ]
        return " AND ".join(joined), []
    rows = model._default_manager.all()
    if hasattr(rows, "visible"):
        rows = rows.visible(drafts=False)
    sql, params = rows.values("pk").query.sql_with_params()
    return f'"{model._meta.pk.column}" IN ({sql})', list(params)


def copy_record(cursor, schema: str) -> None:
    """Create `schema` with a copy of every record table holding the rows the public sees:
    indexes and generated columns included, so the views' queries run as on `public`;
    neither the foreign keys (a copy holds no row it could break) nor the triggers. A schema
    left by a release whose row is gone (a database restored from before it) is replaced."""
    cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    cursor.execute(f"CREATE SCHEMA {schema}")
    for model in record_tables():
        table = model._meta.db_table
        columns = ", ".join(writable_columns(cursor, table))
        where, params = published_rows(model, schema)
        copy_table_shape(cursor, schema, table)
        # Names from the models and the catalog, never from input.
        cursor.execute(
            f'INSERT INTO {schema}."{table}" ({columns}) '  # noqa: S608
            f'SELECT {columns} FROM public."{table}" WHERE {where}',
            params,
        )
    for model in record_tables():
        if not is_history(model):
            forget_hidden_links(cursor, model, schema)


def copy_table_shape(cursor, schema: str, table: str) -> None:
    """`table` in `schema`, empty, shaped as the record's: its columns, generated ones and
    indexes included; neither its foreign keys nor its triggers."""
    cursor.execute(f'CREATE TABLE {schema}."{table}" (LIKE public."{table}" INCLUDING ALL)')


def forget_hidden_links(cursor, model, schema: str) -> None:
    """Empty each optional link of `model`'s copied rows to a row the release does not hold (a
    treaty replacing a draft): the public never sees it, so neither do the release's pages and
    files, not even its key."""
    table = f'{schema}."{model._meta.db_table}"'
    for field in model._meta.concrete_fields:
        target = field.related_model
        if (
            not field.is_relation
            or not field.null
            or target._meta.app_label not in settings.RECORD_APPS
        ):
            continue
        held = f'SELECT "{field.target_field.column}" FROM {schema}."{target._meta.db_table}"'  # noqa: S608
        cursor.execute(
            f'UPDATE {table} SET "{field.column}" = NULL '  # noqa: S608
            f'WHERE "{field.column}" IS NOT NULL AND "{field.column}" NOT IN ({held})'
        )


# Each column of a table: its name, type, how it is generated ("s": stored) and its default or
# generation expression.
COLUMNS_SQL = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attgenerated,
       pg_get_expr(d.adbin, d.adrelid)
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
"""


def added_column(name: str, kind: str, generated: str, expression: str | None) -> str:
    if generated == "s":
        return f'ADD COLUMN "{name}" {kind} GENERATED ALWAYS AS ({expression}) STORED'
    return f'ADD COLUMN "{name}" {kind}' + (f" DEFAULT {expression}" if expression else "")


def sync_release_schemas(**kwargs) -> None:
    """Bring every release's tables up to the record's current ones, after migrations: a table
    added since (empty: the release held none of its rows) and a column added since (empty, or
    its default or generated value), so that the views, which read the current columns, keep
    answering for every release. Its rows are never changed. Connected to post_migrate."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('core_release') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        schemas = [release.schema for release in Release.objects.only("number")]
        for schema in schemas:
            if not schema_exists(schema):
                continue
            for model in record_tables():
                table = model._meta.db_table
                cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [f'{schema}."{table}"'])
                if not cursor.fetchone()[0]:
                    copy_table_shape(cursor, schema, table)
                    continue
                cursor.execute(COLUMNS_SQL, [f'{schema}."{table}"'])
                held = {name for name, *_rest in cursor.fetchall()}
                cursor.execute(COLUMNS_SQL, [f'public."{table}"'])
                missing = [column for column in cursor.fetchall() if column[0] not in held]
                if missing:
                    added = ", ".join(added_column(*column) for column in missing)
                    cursor.execute(f'ALTER TABLE {schema}."{table}" {added}')


@dataclass
class Table:
    """One table of a release's files: its name, columns, and rows in the order of their keys."""

    name: str
    columns: list[str]
    sqlite_types: list[str]
    rows: list[tuple]


SQLITE_TYPES = {
    "AutoField": "INTEGER",
    "BigAutoField": "INTEGER",
    "BigIntegerField": "INTEGER",
    "BooleanField": "INTEGER",
    "ForeignKey": "INTEGER",
    "IntegerField": "INTEGER",
    "OneToOneField": "INTEGER",
    "PositiveBigIntegerField": "INTEGER",
    "PositiveIntegerField": "INTEGER",
    "PositiveSmallIntegerField": "INTEGER",
    "SmallIntegerField": "INTEGER",
    "FloatField": "REAL",
}


def exported_fields(model) -> list[models.Field]:
    """The columns a release's files hold: all but the search vectors and the columns kept only
    to make them."""
    left_out = {*search_vector_paths(model, False), *getattr(model, "SEARCH_ONLY_FIELDS", ())}
    return [field for field in model._meta.concrete_fields if field.name not in left_out]


def release_tables(cursor, schema: str) -> list[Table]:
    """The record's tables as the release holds them, without their history."""
    tables = []
    for model in record_tables():
        if is_history(model):
            continue
        fields = exported_fields(model)
        table = model._meta.db_table
        columns = [field.column for field in fields]
        quoted = ", ".join(f'"{column}"' for column in columns)
        cursor.execute(
            f'SELECT {quoted} FROM {schema}."{table}" '  # noqa: S608
            f'ORDER BY "{model._meta.pk.column}"'
        )
        types = [SQLITE_TYPES.get(field.get_internal_type(), "TEXT") for field in fields]
        tables.append(Table(table, columns, types, cursor.fetchall()))
    return tables


def plain(value):
    """A value as the files write it: dates in ISO 8601, decimals exact."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def release_facts(release: Release) -> dict:
    return {
        "number": release.number,
        "made_on": release.made_on.isoformat(),
        "record_version": release.record_version,
        "changelog": {
            code: getattr(release, f"changelog_{code}") for code, _name in settings.LANGUAGES
        },
    }


def flat(value):
    """A value as one cell (CSV, SQLite): a list or an object as its JSON."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return plain(value)


def json_file(release: Release, tables: list[Table]) -> bytes:
    record = {
        "release": release_facts(release),
        "tables": {
            table.name: [
                dict(zip(table.columns, map(plain, row), strict=True)) for row in table.rows
            ]
            for table in tables
        },
    }
    return json.dumps(record, ensure_ascii=False, indent=1).encode()


def csv_cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(flat(value))


def csv_file(table: Table) -> bytes:
    """One table as CSV in UTF-8 with a byte-order mark, so spreadsheets read its Arabic;
    formula-like texts escaped as every export of the record escapes them (core.spreadsheets)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(table.columns)
    writer.writerows([csv_cell(value) for value in row] for row in table.rows)
    return text.getvalue().encode("utf-8-sig")


def zip_file(csv_files: dict[str, bytes], made_at: datetime.datetime) -> bytes:
    """The CSV files in one archive, each dated when the release was made (not when the archive
    was), so that it is the same bytes whenever it is made."""
    stamp = made_at.timetuple()[:6]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as files:
        for name, content in csv_files.items():
            files.writestr(zipfile.ZipInfo(name, date_time=stamp), content)
    return archive.getvalue()


def sqlite_file(release: Release, tables: list[Table]) -> bytes:
    database = sqlite3.connect(":memory:")
    with database:
        database.execute(
            "CREATE TABLE release (number INTEGER, made_on TEXT, record_version INTEGER, "
            "changelog_en TEXT, changelog_ar TEXT)"
        )
        facts = release_facts(release)
        database.execute(
            "INSERT INTO release VALUES (?, ?, ?, ?, ?)",
            [
                facts["number"],
                facts["made_on"],
                facts["record_version"],
                facts["changelog"]["en"],
                facts["changelog"]["ar"],
            ],
        )
        for table in tables:
            columns = ", ".join(
                f'"{column}" {kind}'
                for column, kind in zip(table.columns, table.sqlite_types, strict=True)
            )
            database.execute(f'CREATE TABLE "{table.name}" ({columns})')
            marks = ", ".join("?" * len(table.columns))
            database.executemany(
                f'INSERT INTO "{table.name}" VALUES ({marks})',  # noqa: S608
                [[flat(value) for value in row] for row in table.rows],
            )
    content = database.serialize()
    database.close()
    return content


def release_files(release: Release, tables: list[Table]) -> list[ReleaseFile]:
    """Every file of a release, the checksums of the others last."""
    stem = FILE_STEM.format(number=release.number)
    csv_files = {f"{table.name}.csv": csv_file(table) for table in tables}
    contents = [
        (f"{stem}.json", ReleaseFile.Format.JSON, json_file(release, tables)),
        (f"{stem}.sqlite", ReleaseFile.Format.SQLITE, sqlite_file(release, tables)),
        (f"{stem}-csv.zip", ReleaseFile.Format.ZIP, zip_file(csv_files, release.made_at)),
        *(
            (f"{stem}-{name}", ReleaseFile.Format.CSV, content)
            for name, content in csv_files.items()
        ),
    ]
    files = [
        ReleaseFile(
            release=release,
            name=name,
            format=kind,
            content=content,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        for name, kind, content in contents
    ]
    # The format `sha256sum --check` reads.
    sums = "".join(f"{file.sha256}  {file.name}\n" for file in files).encode()
    files.append(
        ReleaseFile(
            release=release,
            name=f"{stem}.sha256",
            format=ReleaseFile.Format.CHECKSUMS,
            content=sums,
            size=len(sums),
            sha256=hashlib.sha256(sums).hexdigest(),
        )
    )
    return files


@transaction.atomic
def make_release(*, changelog_en: str, changelog_ar: str, user=None) -> Release:
    """Number, copy and file the published record as it stands (see the module's note)."""
    with connection.cursor() as cursor:
        cursor.execute(RAISE_RECORD_VERSION_SQL)
        (version,) = cursor.fetchone()
        cursor.execute(MARK_RAISED_SQL)
        latest = Release.objects.aggregate(models.Max("number"))["number__max"] or 0
        release = Release(
            number=latest + 1,
            made_at=timezone.now(),
            changelog_en=changelog_en.strip(),
            changelog_ar=changelog_ar.strip(),
            record_version=version,
            made_by=user,
        )
        release.full_clean()
        release.save()
        copy_record(cursor, release.schema)
        tables = release_tables(cursor, release.schema)
    ReleaseFile.objects.bulk_create(release_files(release, tables))
    return release


def site_prefix(request) -> str:
    """The site's own script prefix, also inside a release (whose prefix is its own)."""
    return getattr(request, "site_prefix", None) or get_script_prefix()


def release_url(number: int, url: str, *, prefix: str) -> str:
    """`url` (an address on the site at script `prefix`, absolute or not) as release `number`
    shows it: its permalink."""
    parts = urlsplit(url)
    path = f"{prefix}releases/{number}/{live_path(parts.path, prefix)}"
    return urlunsplit(parts._replace(path=path))


def live_path(path: str, prefix: str) -> str:
    """`path` on the live site, from (not including) its script `prefix`: without any release's."""
    inner = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return RELEASE_PART.sub("", inner, count=1)


class ReleaseMiddleware:
    """Answers /releases/<number>/<any address> with the site as it was in that release: pages
    and API alike, read from the release's schema (see the module's note).

    The rest of the address is what the views resolve, and the release's part becomes the script
    prefix for as long as the answer is made, so every address the answer names (links, forms,
    the API's own links, the canonical address, a citation) stays inside the release. Only reads:
    any other method is a 405, and the admin is not served. Put it before WhiteNoise, which then
    serves the static files under a release's prefix as well.
    """

    # One spelling of each number (no leading zero), so each page has one address.
    ADDRESS = re.compile(r"^/releases/(?P<number>[1-9][0-9]{0,8})(?P<rest>/.*)\Z")
    READS = ("GET", "HEAD", "OPTIONS")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        address = self.ADDRESS.match(request.path_info)
        if address is None:
            return self.get_response(request)
        if request.method not in self.READS:
            return HttpResponseNotAllowed(self.READS)
        rest = address["rest"]
        if rest.startswith("/admin/"):
            raise Http404
        release = Release.objects.filter(number=int(address["number"])).first()
        if release is None or not schema_exists(release.schema):
            # Without its schema (a database restored without it) it would read the live record.
            raise Http404
        prefix = get_script_prefix()
        request.path_info = rest
        request.release = release
        request.site_prefix = prefix
        set_script_prefix(f"{prefix}releases/{release.number}/")
        try:
            with as_of(release):
                return self.get_response(request)
        finally:
            set_script_prefix(prefix)


def schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regnamespace(%s) IS NOT NULL", [schema])
        return cursor.fetchone()[0]


@contextmanager
def as_of(release: Release):
    """Reads of the record inside this block read `release`: its schema first on the
    search_path (before the schemas already on it), for this transaction only."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        (search_path,) = cursor.fetchone()
        cursor.execute(
            "SELECT set_config('search_path', %s, true)", [f"{release.schema}, {search_path}"]
        )
        yield
        # Inside an outer transaction (a test's) the setting would outlive this block; after an
        # error, leaving the block rolls back to before it, the setting with it.
        cursor.execute("SELECT set_config('search_path', %s, true)", [search_path])


def written_day(day: datetime.date) -> str:
    """A date as a label or a reference writes it: ISO 8601, but in words in a right-to-left
    language, where 2026-12-10 reads reversed (10-12-2026) even in plain text."""
    if get_language_bidi():
        return date_format(day, "DATE_FORMAT")
    return day.isoformat()


@dataclass(frozen=True)
class ShownRelease:
    """The release a page shows: the one its address names (`pinned`), else the latest, and
    whether the live record is still that release (`is_live`: its version has not moved)."""

    number: int
    made_on: datetime.date
    pinned: bool
    is_live: bool

    @property
    def names_the_page(self) -> bool:
        """Whether what the page shows is exactly this release."""
        return self.pinned or self.is_live

    @property
    def day(self) -> str:
        return written_day(self.made_on)

    def label(self) -> str:
        return _("Record release %(number)s, %(date)s") % {"number": self.number, "date": self.day}


def latest_release(version) -> tuple:
    """(number, made_on, is_live) of the latest release, or () when there is none: one query,
    kept beside the answers under the record's `version` (which a release raises)."""

    def build(_keys):
        latest = selectors.latest_release()
        if latest is None:
            return {0: ()}
        number, made_at, is_live = latest
        return {0: (number, timezone.localdate(made_at), is_live)}

    return kept_fragments("latest-release", [0], build, version=version)[0]


def shown_release(request) -> ShownRelease | None:
    """Which release `request`'s page shows (read once a request)."""
    if not hasattr(request, "shown_release"):
        release = getattr(request, "release", None)
        if release is not None:
            shown = ShownRelease(release.number, release.made_on, pinned=True, is_live=False)
        else:
            latest = latest_release(record_version(request))
            shown = None
            if latest:
                number, made_on, is_live = latest
                # A curator's pages show drafts too: never the release, whatever its version.
                # (An error page answered before the user is known shows no drafts.)
                user = getattr(request, "user", None)
                is_live = is_live and not (user is not None and previews_drafts(user))
                shown = ShownRelease(number, made_on, pinned=False, is_live=is_live)
        request.shown_release = shown
    return request.shown_release


def cited_record(request, url: str, version: int | None = None) -> tuple[str, str]:
    """The permalink of the page at `url` and the name of the record it shows, to cite it by.
    A release when the page is one: a release's own page, or a live page while the record is
    still the latest release, cited by that release's permalink. Otherwise the record's version
    as it stands: `version` when the caller read it before the rows, else the one the kept
    answers were read under, else read now."""
    shown = shown_release(request)
    if shown is not None and shown.names_the_page:
        if shown.pinned:
            return url, shown.label()
        return release_url(shown.number, url, prefix=site_prefix(request)), shown.label()
    if version is None:
        version = getattr(request, "record_version", None)
        if not isinstance(version, int):
            version = RecordVersion.current()
    name = _("Record version %(number)s") % {"number": version}
    if shown is not None:
        name = _("%(version)s, changed since release %(release)s") % {
            "version": name,
            "release": shown.number,
        }
    return url, name
