"""What every record model shares: how sure a fact is, how precise a date, whether the public
sees a row (drafts and publication), the plain-text rule for what people read, natural keys by
slug, stored search vectors, and the version number of the whole record."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .search_vectors import search_vector_paths
from .text import readable_text, unreadable_text


class Certainty(models.TextChoices):
    """How firmly the cited sources support a point (the fact sheet's own vocabulary)."""

    CONFIRMED = "confirmed", _("Confirmed")
    INFERRED = "inferred", _("Inferred")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")


class DatePrecision(models.TextChoices):
    """How much of a date the sources give; a month-precise date is stored as the 1st."""

    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


def date_period(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date stored with `precision` may stand for."""
    if precision == DatePrecision.YEAR:
        return day.replace(month=1, day=1), day.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        next_month = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return day.replace(day=1), next_month - datetime.timedelta(days=1)
    return day, day


# The longest reason a change may give: simple-history's history_change_reason column.
CHANGE_REASON_LENGTH = 100

PUBLISHING_NEEDS_EDITOR = _("Publishing or withdrawing a record takes the editor role.")


class Publication(models.TextChoices):
    """Whether students and the API see a record. New records start as drafts; editors publish."""

    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


def previews_drafts(user) -> bool:
    """Curators (anyone who may view the record in the admin) see drafts on the public pages and
    in the API, marked as drafts; everybody else sees published records only."""
    return user.has_perm(settings.RECORD_PREVIEW_PERMISSION)


class VisibilityQuerySet(models.QuerySet):
    """Rows whose visibility follows publication states: their own, a related row's, or both,
    as named by `published_lookups`."""

    published_lookups: tuple[str, ...] = ("publication",)

    def published(self):
        return self.filter(**dict.fromkeys(self.published_lookups, Publication.PUBLISHED))

    def visible(self, *, drafts: bool):
        """Everything for a curator's preview (`drafts`), else what the public sees."""
        return self if drafts else self.published()

    def without_search_vectors(self):
        """These rows, and the related rows selected with them (call after select_related),
        without their tsvectors: those are for matching inside PostgreSQL, and reading one back
        costs more than the rest of its row. Nor the columns kept only to make them (the model's
        SEARCH_ONLY_FIELDS)."""
        return self.defer(
            *search_vector_paths(self.model, self.query.select_related),
            *getattr(self.model, "SEARCH_ONLY_FIELDS", ()),
        )


class PlainTextMixin:
    """Text people read follows core.text's rule, whichever way it arrives (admin, API,
    import): full_clean() drops the invisible marks it drops and reports what it refuses, field
    by field."""

    def clean_fields(self, exclude=None):
        errors = {}
        # Text fields only, and loaded ones: reading any other field that was left out (a
        # version restored from History leaves its search vectors out) would query a row that
        # may be gone.
        texts = [
            field
            for field in self._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
            and field.attname not in self.get_deferred_fields()
        ]
        for field in texts:
            value = getattr(self, field.attname, None)
            if isinstance(value, str):
                setattr(self, field.attname, readable_text(value))
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in texts:
            value = getattr(self, field.attname, None)
            if not isinstance(value, str) or field.name in errors or field.name in (exclude or ()):
                continue
            problem = unreadable_text(value)
            if problem is not None:
                code, message = problem
                errors[field.name] = [ValidationError(message, code=code)]
        if errors:
            raise ValidationError(errors)


class Publishable(PlainTextMixin, models.Model):
    """A record that curators draft and editors publish."""

    publication = models.CharField(
        max_length=10,
        choices=Publication,
        default=Publication.DRAFT,
        help_text=_("Drafts are seen only by curators; publishing needs the editor role."),
    )

    class Meta:
        abstract = True

    @property
    def is_draft(self) -> bool:
        return self.publication == Publication.DRAFT

    @classmethod
    def publish_permission(cls) -> str:
        """The permission to change `publication` (the editor role holds it)."""
        return f"{cls._meta.app_label}.publish_{cls._meta.model_name}"

    @classmethod
    def may_be_published_by(cls, user) -> bool:
        return user is not None and user.has_perm(cls.publish_permission())


class RecordVersion(models.Model):
    """A counter PostgreSQL raises once for every transaction that writes to the record (the
    triggers that core.db installs on each record table), so what is derived
    from the record can be kept until the counter moves. One row."""

    number = models.BigIntegerField(default=0)

    def __str__(self):
        return f"record version {self.number}"

    @classmethod
    def current(cls) -> int:
        """Read on every anonymous request (core.middleware), so in plain SQL."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT number FROM {cls._meta.db_table} WHERE id = 1")  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else 0


class SlugNaturalKeyManager(models.Manager):
    """Lets fixtures refer to rows by slug, so loading them twice updates rather than duplicates."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class SlugNaturalKeyMixin:
    def natural_key(self):
        return (self.slug,)


class ImportJob(models.Model):
    """A file too long to import within a request (settings.IMPORT_ROWS_IN_REQUEST): a background
    worker checks it (a dry run), the curator confirms, and the worker imports it; both steps
    report their progress. The file is kept in the row, so any server's worker can read it."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        REFUSED = "refused", _("Refused: the file has errors")
        IMPORTING = "importing", _("Importing")
        IMPORTED = "imported", _("Imported")
        FAILED = "failed", _("Failed: nothing was imported")
        DISCARDED = "discarded", _("Discarded")

    resource = models.CharField(max_length=200, help_text=_("The import-export resource class."))
    input_format = models.CharField(max_length=200)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    change_reason = models.CharField(max_length=CHANGE_REASON_LENGTH)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State, default=State.CHECKING)
    rows = models.PositiveIntegerField(default=0)
    # The last step's result: how many rows were new, updated or unchanged, and what was wrong
    # with each row refused ({"row": number, "messages": [...]}, as core.resources lists them).
    totals = models.JSONField(default=dict)
    problems = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def is_running(self) -> bool:
        return self.state in {self.State.CHECKING, self.State.IMPORTING}


# The longest changelog a release takes: a few lines, as on the Data page.
CHANGELOG_LENGTH = 2000


class Release(PlainTextMixin, models.Model):
    """A numbered, dated snapshot of the published record, made by an editor (core.releases):
    its rows are kept in a PostgreSQL schema of their own, so its permalinks show the record as
    it was, and its files are kept here to download."""

    number = models.PositiveIntegerField(unique=True, editable=False)
    made_at = models.DateTimeField(editable=False)
    changelog = models.TextField(
        validators=[MaxLengthValidator(CHANGELOG_LENGTH)],
        verbose_name=_("changelog"),
        help_text=_("What changed since the previous release, in a few lines."),
    )
    record_version = models.BigIntegerField(
        editable=False,
        help_text=_(
            "The record's version this release is: the live record is still this "
            "release as long as the version has not moved."
        ),
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self):
        return _("Record release %(number)s") % {"number": self.number}

    def get_absolute_url(self):
        return f"{reverse('core:data')}#release-{self.number}"

    @property
    def schema(self) -> str:
        """The schema holding its rows: a name made of the number, never of input."""
        return f"release_{int(self.number)}"

    @property
    def made_on(self) -> datetime.date:
        return timezone.localdate(self.made_at)

    @property
    def main_files(self) -> list["ReleaseFile"]:
        """The whole record in each format, and the checksums (read from prefetched files)."""
        return [file for file in self.files.all() if file.format != ReleaseFile.Format.CSV]

    @property
    def table_files(self) -> list["ReleaseFile"]:
        """One CSV file per table."""
        return [file for file in self.files.all() if file.format == ReleaseFile.Format.CSV]


class ReleaseFile(models.Model):
    """One downloadable file of a release, kept in the database (every app server reads it)."""

    class Format(models.TextChoices):
        JSON = "json", "JSON"
        CSV = "csv", "CSV"
        ZIP = "zip", _("CSV files (ZIP)")
        SQLITE = "sqlite", "SQLite"
        CHECKSUMS = "sums", _("Checksums (SHA-256)")

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100, unique=True)
    format = models.CharField(max_length=10, choices=Format)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["release", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("release-file", kwargs={"name": self.name})
