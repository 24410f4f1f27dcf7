"""The treaty record: parties, sources, topics, treaties with their signatories, clauses and events.

Content fields that people read (names, titles, headings, summaries) are translated into English
and Arabic by modeltranslation (see translation.py). A treaty's wording is not: each article's
texts (ClauseText) are kept as their sources print them, one language each, each labelled for
what it is (authentic, official or published translation, or this project's own).
"""

import datetime
from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_url
from core.models import (
    Certainty,
    DatePrecision,
    PlainTextMixin,
    Publication,
    Publishable,
    SlugNaturalKeyManager,
    SlugNaturalKeyMixin,
    VisibilityQuerySet,
)
from core.search_vectors import search_vector_field


class ObligationLevel(models.IntegerChoices):
    """How strongly a defence clause binds one party to help the other, weakest first."""

    NONE = 0, _("No obligation")
    CONSULTATION = 1, _("Contact and consultation only")
    CONDITIONAL_ASSISTANCE = 2, _("Assistance without delay, under stated conditions")
    AUTOMATIC_ASSISTANCE = 3, _("Automatic military assistance")

    @property
    def criteria(self) -> str:
        """When an article gets this level (the methodology page)."""
        return str(OBLIGATION_CRITERIA[self])


OBLIGATION_CRITERIA = {
    ObligationLevel.NONE: _(
        "The treaty promises no help and no consultation when a party is attacked or "
        "threatened. Used where the sources say the treaty has no such clause."
    ),
    ObligationLevel.CONSULTATION: _(
        "When a party is attacked or threatened, the other must contact it, consult or "
        "negotiate, but the text promises no assistance."
    ),
    ObligationLevel.CONDITIONAL_ASSISTANCE: _(
        "The text promises military or other assistance, at once, but names conditions the "
        "assistance must follow, such as the parties' own laws or the UN Charter's Article 51. "
        "Those conditions leave each party room to decide how, or whether, it helps."
    ),
    ObligationLevel.AUTOMATIC_ASSISTANCE: _(
        "The text promises military assistance at once when a party is attacked, with all the "
        "means at the other's disposal, and names no condition between the attack and the help."
    ),
}


# The obligations the ATOP data codes for each alliance (its variable names), as the
# methodology page names them.
ATOP_CATEGORIES = {
    "defense": _("Defence"),
    "offense": _("Offence"),
    "neutral": _("Neutrality"),
    "nonagg": _("Non-aggression"),
    "consul": _("Consultation"),
}


def validate_atop_obligations(codes) -> None:
    if not isinstance(codes, dict) or not set(codes) <= set(ATOP_CATEGORIES):
        raise ValidationError(
            _("Give ATOP's codes by their names: %(names)s.")
            % {"names": ", ".join(ATOP_CATEGORIES)}
        )
    if not all(code in (0, 1) and not isinstance(code, bool) for code in codes.values()):
        raise ValidationError(_("Each ATOP code is 1 or 0."))


class OwnAndTreatyVisibilityQuerySet(VisibilityQuerySet):
    """Rows with a publication state of their own that are also hidden with their treaty."""

    published_lookups = ("publication", "treaty__publication")


class TreatyVisibilityQuerySet(VisibilityQuerySet):
    """For the parts of a treaty without a state of their own (signatories, notes, events)."""

    published_lookups = ("treaty__publication",)


class Source(SlugNaturalKeyMixin, PlainTextMixin, models.Model):
    """A document that a fact in the record is taken from."""

    slug = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200)
    url = models.URLField(max_length=500, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(
        max_length=8, help_text=_("BCP 47 code of the language it is written in, e.g. ar, en, ru.")
    )

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return f"{self.publisher}: {self.title}"

    def get_absolute_url(self):
        return f"{reverse('treaties:source-list')}#source-{self.slug}"


class Party(SlugNaturalKeyMixin, PlainTextMixin, models.Model):
    """A state or international organisation that signs treaties or reacts to them."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        ORGANISATION = "organisation", _("International organisation")

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=Kind)
    iso_code = models.CharField(
        max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3 code, where one exists.")
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text=_("The state this one continues (the Russian Federation continues the USSR)."),
    )
    search_en = search_vector_field("en", ("short_name_en", "A"), ("name_en", "A"))
    search_ar = search_vector_field("ar", ("short_name_ar", "A"), ("name_ar", "A"))

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["slug"]
        verbose_name_plural = "parties"
        indexes = [GinIndex(fields=["search_en"]), GinIndex(fields=["search_ar"])]
        constraints = [
            models.UniqueConstraint(
                fields=["iso_code"], condition=~Q(iso_code=""), name="party_iso_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(iso_code="") | Q(iso_code__regex=r"^[A-Z]{3}$"),
                name="party_iso_code_alpha3",
                violation_error_message=_("An ISO code is three capital letters."),
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("pk")),
                name="party_not_own_predecessor",
                violation_error_message=_("A party cannot be its own predecessor."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("treaties:party-detail", slug=self.slug)

    def lineage(self) -> list["Party"]:
        """This party and the ones it continues, newest first (a query per step)."""
        chain, party, seen = [], self, set()
        while party is not None and party.pk not in seen:
            chain.append(party)
            seen.add(party.pk)
            party = party.predecessor
        return chain


class Topic(SlugNaturalKeyMixin, PlainTextMixin, models.Model):
    """An axis on which treaties are compared (mutual defence, economy, duration...)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(unique=True)
    measures_obligation = models.BooleanField(
        default=False,
        help_text=_("Clauses on this topic carry an obligation level for the defence scale."),
    )

    search_en = search_vector_field("en", ("name_en", "A"), ("description_en", "B"))
    search_ar = search_vector_field("ar", ("name_ar", "A"), ("description_ar", "B"))

    objects = SlugNaturalKeyManager()

    class Meta:
        ordering = ["order"]
        indexes = [GinIndex(fields=["search_en"]), GinIndex(fields=["search_ar"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("treaties:topic-detail", slug=self.slug)


class TreatyQuerySet(VisibilityQuerySet):
    def chronological(self):
        return self.order_by("signed_on", "slug")

    def of_record(self):
        """The record's own treaties, without the reference ones held for comparison."""
        return self.filter(reference=False)

    def references(self):
        return self.filter(reference=True)


class TreatyManager(SlugNaturalKeyManager.from_queryset(TreatyQuerySet)):
    pass


class Treaty(SlugNaturalKeyMixin, Publishable):
    """A bilateral or multilateral treaty, with its life from signing to its end."""

    class EndReason(models.TextChoices):
        LAPSED = "lapsed", _("Lapsed (not renewed)")
        TERMINATED = "terminated", _("Terminated")
        SUPERSEDED = "superseded", _("Superseded by a later treaty")

    class Status(models.TextChoices):
        SIGNED = "signed", _("Signed, not yet in force")
        IN_FORCE = "in_force", _("In force")
        ENDED = "ended", _("No longer in force")

    slug = models.SlugField(max_length=60, unique=True, verbose_name=_("slug"))
    title = models.CharField(max_length=300, verbose_name=_("title"))
    short_title = models.CharField(max_length=100, verbose_name=_("short title"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    signed_on = models.DateField(verbose_name=_("signed on"))
    signed_at = models.CharField(max_length=120, blank=True, verbose_name=_("signed at"))
    parties = models.ManyToManyField(Party, related_name="treaties")
    entry_into_force = models.DateField(
        null=True,
        blank=True,
        help_text=_("Leave empty while no source gives the date."),
        verbose_name=_("entry into force"),
    )
    ended_on = models.DateField(null=True, blank=True, verbose_name=_("ended on"))
    ended_on_certainty = models.CharField(
        max_length=12,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        verbose_name=_("end date certainty"),
        help_text=_("Where the sources differ on the day it ended, say why in the notes."),
    )
    end_reason = models.CharField(
        max_length=20, choices=EndReason, blank=True, verbose_name=_("end reason")
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    article_count = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("article count")
    )
    articles_complete = models.BooleanField(
        default=False,
        help_text=_(
            "Every article's content is known, so a topic without a clause is one the treaty is "
            "silent on (otherwise it may be in an article the sources do not give)."
        ),
        verbose_name=_("articles complete"),
    )
    reference = models.BooleanField(
        default=False,
        verbose_name=_("reference treaty"),
        help_text=_(
            "A well-known guarantee held to set beside the record's treaties (NATO's Article 5, "
            "for one): only its guarantee is held, and the timeline and the default comparison "
            "leave it out."
        ),
    )
    duration = models.CharField(max_length=200, blank=True, verbose_name=_("duration"))
    notes = models.TextField(
        blank=True,
        help_text=_("Where sources disagree or a point is unconfirmed, say so here."),
        verbose_name=_("notes"),
    )
    atop_id = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name=_("ATOP ID"),
        help_text=_("The alliance's number in the ATOP data, when ATOP codes this treaty."),
    )
    atop_obligations = models.JSONField(
        default=dict,
        blank=True,
        verbose_name=_("ATOP obligations"),
        validators=[validate_atop_obligations],
        help_text=_(
            'ATOP\'s codes for the treaty, 1 or 0 each: {"defense": 1, "offense": 0, "neutral": 0, '
            '"nonagg": 1, "consul": 0}. Cite the ATOP data among the treaty\'s sources.'
        ),
    )
    sources = models.ManyToManyField(Source, related_name="treaties")
    search_en = search_vector_field(
        "en",
        ("short_title_en", "A"),
        ("title_en", "A"),
        ("summary_en", "B"),
        ("notes_en", "C"),
    )
    search_ar = search_vector_field(
        "ar", ("short_title_ar", "A"), ("title_ar", "A"), ("summary_ar", "B"), ("notes_ar", "C")
    )

    objects = TreatyManager()

    class Meta:
        ordering = ["signed_on", "slug"]
        verbose_name_plural = "treaties"
        permissions = [("publish_treaty", "Can publish and withdraw treaties")]
        indexes = [
            GinIndex(fields=["search_en"]),
            GinIndex(fields=["search_ar"]),
            # Pages of the list and the timeline, and their count, without sorting every treaty.
            models.Index(
                fields=["publication", "signed_on", "slug"], name="treaty_published_in_order"
            ),
            # The timeline's pages: their keys and count read from the index alone.
            models.Index(
                fields=["signed_on", "slug"],
                include=["id"],
                condition=Q(publication="published", reference=False),
                name="record_treaty_in_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(entry_into_force__isnull=True)
                | Q(entry_into_force__gte=F("signed_on")),
                name="treaty_in_force_after_signing",
                violation_error_message=_("A treaty cannot enter into force before it is signed."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("signed_on")),
                name="treaty_ends_after_signing",
                violation_error_message=_("A treaty cannot end before it is signed."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(entry_into_force__isnull=True)
                | Q(ended_on__gte=F("entry_into_force")),
                name="treaty_ends_after_entry_into_force",
                violation_error_message=_("A treaty cannot end before it enters into force."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False) & ~Q(end_reason=""),
                name="treaty_end_date_and_reason_together",
                violation_error_message=_(
                    "An end date needs a reason for the end, and the reverse."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(replaces=F("pk")),
                name="treaty_not_replacing_itself",
                violation_error_message=_("A treaty cannot replace itself."),
            ),
        ]

    def __str__(self):
        return self.short_title

    def get_absolute_url(self):
        return slug_url("treaties:detail", slug=self.slug)

    @property
    def citation_title(self) -> str:
        """What a reference to its page calls it (core.citations)."""
        return self.title

    @classmethod
    def status_condition(cls, status: str, day: datetime.date) -> Q:
        """The rows whose status_on(day) is `status`, as a query condition (same rule)."""
        ended = Q(ended_on__lte=day)
        in_force = ~ended & (
            Q(entry_into_force__lte=day) | Q(entry_into_force__isnull=True, ended_on__isnull=False)
        )
        return {cls.Status.ENDED: ended, cls.Status.IN_FORCE: in_force}.get(
            status, ~ended & ~in_force
        )

    def status_on(self, day: datetime.date) -> str:
        """The treaty's status on a given day, derived from its dates."""
        if self.ended_on and self.ended_on <= day:
            return self.Status.ENDED
        if self.entry_into_force and self.entry_into_force <= day:
            return self.Status.IN_FORCE
        if self.entry_into_force is None and self.ended_on is not None:
            # In force at some date no source gives, and ended since.
            return self.Status.IN_FORCE
        return self.Status.SIGNED

    @property
    def status(self) -> str:
        return self.status_on(datetime.date.today())

    def get_status_display(self) -> str:
        return self.Status(self.status).label


def treaty_name(part) -> str:
    """The name of the treaty a row belongs to, or that it was deleted: a version of an article
    deleted with its treaty is still shown in its History."""
    try:
        return str(part.treaty)
    except Treaty.DoesNotExist:
        return str(_("a deleted treaty"))


class TreatyPartManager(models.Manager.from_queryset(TreatyVisibilityQuerySet)):
    """Natural key of a row belonging to a treaty: the treaty's slug and the row's order in it."""

    def get_by_natural_key(self, treaty_slug, order):
        return self.get(treaty__slug=treaty_slug, order=order)


class TreatyPartNaturalKeyMixin:
    def natural_key(self):
        return (*self.treaty.natural_key(), self.order)

    natural_key.dependencies = ["treaties.treaty"]


class Signatory(TreatyPartNaturalKeyMixin, PlainTextMixin, models.Model):
    """A person who signed a treaty on behalf of one of its parties."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="signatories")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="signatories")
    name = models.CharField(max_length=120)
    office = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    certainty = models.CharField(max_length=12, choices=Certainty, default=Certainty.CONFIRMED)
    sources = models.ManyToManyField(Source, related_name="signatories")

    objects = TreatyPartManager()

    class Meta:
        ordering = ["treaty", "order"]
        verbose_name_plural = "signatories"
        constraints = [
            models.UniqueConstraint(fields=["treaty", "order"], name="signatory_order_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.party})"


class Clause(SlugNaturalKeyMixin, Publishable):
    """An article of a treaty (or its preamble), tagged with the topics it speaks to."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("Stable identifier, e.g. russia-dprk-2024-art-4; not changed once published."),
        verbose_name=_("slug"),
    )
    # Found by treaty through clause_order_unique, whose index starts with it (no index of its own).
    treaty = models.ForeignKey(
        Treaty,
        on_delete=models.CASCADE,
        related_name="clauses",
        db_index=False,
        verbose_name=_("treaty"),
    )
    order = models.PositiveSmallIntegerField(
        help_text=_("Position in the treaty; 0 for a preamble."),
        verbose_name=_("order"),
    )
    number = models.CharField(
        max_length=20,
        blank=True,
        help_text=_(
            "Article number as printed, e.g. 4 or Preamble; empty where no source gives it."
        ),
        verbose_name=_("number"),
    )
    number_certainty = models.CharField(
        max_length=12,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        verbose_name=_("number certainty"),
    )
    heading = models.CharField(max_length=200, verbose_name=_("heading"))
    summary = models.TextField(verbose_name=_("summary"))
    topics = models.ManyToManyField(Topic, related_name="clauses")
    key_phrases = ArrayField(
        models.CharField(max_length=200),
        blank=True,
        default=list,
        help_text=_("Words of its texts that carry its meaning, highlighted where they are shown."),
        verbose_name=_("key phrases"),
    )
    obligation_level = models.PositiveSmallIntegerField(
        choices=ObligationLevel,
        null=True,
        blank=True,
        verbose_name=_("obligation level"),
    )
    obligation_reason = models.TextField(
        blank=True,
        verbose_name=_("reason for the obligation level"),
        help_text=_(
            "Why the article gets its level, from its key phrases (the methodology page shows it)."
        ),
    )
    sources = models.ManyToManyField(Source, related_name="clauses")
    # The article's English and Arabic texts joined, for its search vectors: the database keeps
    # them from the texts' rows (a trigger of migration 0014), whichever way those are written.
    searched_wording_en = models.TextField(blank=True, default="", editable=False)
    searched_wording_ar = models.TextField(blank=True, default="", editable=False)
    # Read by PostgreSQL alone, for the vectors: without_search_vectors() leaves them unloaded.
    SEARCH_ONLY_FIELDS = ("searched_wording_en", "searched_wording_ar")
    search_en = search_vector_field(
        "en", ("heading_en", "A"), ("summary_en", "B"), ("searched_wording_en", "B")
    )
    search_ar = search_vector_field(
        "ar", ("heading_ar", "A"), ("summary_ar", "B"), ("searched_wording_ar", "B")
    )

    objects = SlugNaturalKeyManager.from_queryset(OwnAndTreatyVisibilityQuerySet)()

    class Meta:
        ordering = ["treaty", "order"]
        permissions = [("publish_clause", "Can publish and withdraw clauses")]
        indexes = [GinIndex(fields=["search_en"]), GinIndex(fields=["search_ar"])]
        constraints = [
            # Its index also finds a treaty's articles in order, and holds `publication` so
            # that counting the published ones reads the index, not the wide rows.
            models.UniqueConstraint(
                fields=["treaty", "order"], include=["publication"], name="clause_order_unique"
            ),
            models.UniqueConstraint(
                fields=["treaty", "number"],
                condition=~Q(number=""),
                name="clause_number_unique_per_treaty",
                violation_error_message=_("This treaty already has an article with this number."),
            ),
            models.CheckConstraint(
                condition=Q(obligation_level__isnull=True)
                | Q(obligation_level__in=ObligationLevel.values),
                name="clause_obligation_level_valid",
            ),
        ]

    def __str__(self):
        return f"{treaty_name(self)}: {self.label}"

    def get_absolute_url(self):
        return slug_url("treaties:clause-detail", treaty_slug=self.treaty.slug, slug=self.slug)

    @property
    def citation_title(self) -> str:
        """What a reference to its page calls it (core.citations)."""
        return _("%(treaty)s, %(article)s: %(heading)s") % {
            "treaty": self.treaty.title,
            "article": self.label,
            "heading": self.heading,
        }

    # True where a form checks the key phrases against the texts it saves with the article (the
    # admin's texts inline): the texts saved so far are then not the ones that count.
    key_phrases_checked_with_texts = False

    def missing_key_phrases(self, texts: Iterable[str]) -> list[str]:
        """Its key phrases that none of `texts` holds."""
        texts = list(texts)
        return [phrase for phrase in self.key_phrases if not any(phrase in text for text in texts)]

    def clean(self):
        errors = {}
        # A new article's texts are saved after it: its key phrases are checked from then on.
        if self.pk and not self.key_phrases_checked_with_texts:
            missing = self.missing_key_phrases(text.text for text in self.texts.all())
            if missing:
                errors["key_phrases"] = _("Not in any of its texts: %(phrases)s") % {
                    "phrases": missing
                }
        if self.obligation_level is not None and not (
            self.obligation_reason_en and self.obligation_reason_ar
        ):
            # The methodology page justifies every coded cell.
            errors["obligation_reason_en"] = _(
                "Say in both languages why the article gets this obligation level."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def coding_id(self) -> str:
        """The anchor of this article's coding on the methodology page."""
        return f"coding-{self.slug}"

    def texts_for(self, language: str) -> list["ClauseText"]:
        """Its texts as a reader of `language` is shown them: that language's first, then
        English, each by authority (authentic first). Reads the prefetched texts."""
        return sorted(
            self.texts.all(),
            key=lambda text: (
                text.language != language,
                text.language != "en",
                KIND_RANK[text.kind],
                text.pk,
            ),
        )

    @property
    def key_phrase_text(self) -> "ClauseText | None":
        """The text its key phrases are quoted from (the one its coding reads): the first that
        holds them all, else the first that holds one."""
        texts = self.texts_for("en")
        for holds in (all, any):
            for text in texts:
                if self.key_phrases and holds(phrase in text.text for phrase in self.key_phrases):
                    return text
        return None

    def quote_for(self, language: str) -> "ClauseText | None":
        """The one text a card quotes for a reader of `language`: a source's wording, never
        this project's translation; of a language's texts, one holding its key phrases first
        (a part of the article that leaves them out says less of what it is coded for)."""
        quotes = [text for text in self.texts_for(language) if text.is_quote]
        for text in quotes:
            if text.language != quotes[0].language:
                break
            if any(phrase in text.text for phrase in self.key_phrases):
                return text
        return quotes[0] if quotes else None

    # Parts a treaty names instead of numbering them, as the pages call them in each language.
    NAMED_PARTS = {"preamble": _("Preamble")}

    @property
    def label(self) -> str:
        if not self.number:
            return str(_("Article (number not known)"))
        if self.number.isdigit():
            return str(_("Article %(number)s") % {"number": self.number})
        return str(self.NAMED_PARTS.get(self.number.casefold(), self.number))


class TextKind(models.TextChoices):
    """What a text of an article is, from the most to the least authoritative."""

    AUTHENTIC = "authentic", _("Authentic text")
    OFFICIAL_TRANSLATION = "official_translation", _("Official translation")
    PUBLISHED_TRANSLATION = "published_translation", _("Published translation")
    PROJECT_TRANSLATION = "project_translation", _("Unofficial translation by this project")


# What each kind of text is, as the about page explains it.
TEXT_KIND_EXPLANATIONS = {
    TextKind.AUTHENTIC: _(
        "A text in a language the treaty names as authentic, in the wording the parties signed."
    ),
    TextKind.OFFICIAL_TRANSLATION: _(
        "A translation the UN Treaty Series publishes, or one a party publishes itself, such as "
        "its state news agency’s English release."
    ),
    TextKind.PUBLISHED_TRANSLATION: _(
        "A translation published by someone else, such as a newspaper or a scholar: it is "
        "quoted as they print it."
    ),
    TextKind.PROJECT_TRANSLATION: _(
        "This project’s own translation, made where no published one was found. It is never "
        "shown as a quote of the treaty."
    ),
}

KIND_RANK = {kind: rank for rank, kind in enumerate(TextKind.values)}
RIGHT_TO_LEFT_LANGUAGES = {"ar"}

# The languages treaty texts are held in: the signed ones of the treaties compared, and the
# translations' (English, Arabic, French).
TEXT_LANGUAGES = [
    ("ru", _("Russian")),
    ("ko", _("Korean")),
    ("zh", _("Chinese")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
]


class ClauseTextQuerySet(VisibilityQuerySet):
    published_lookups = ("clause__publication", "clause__treaty__publication")


class ClauseTextManager(models.Manager.from_queryset(ClauseTextQuerySet)):
    def get_by_natural_key(self, clause_slug, language, kind, source_slug):
        return self.get(
            clause__slug=clause_slug, language=language, kind=kind, source__slug=source_slug
        )


class ClauseText(PlainTextMixin, models.Model):
    """The wording of an article in one language, exactly as one source prints it, labelled for
    what it is: the authentic text, an official or a published translation, or this project's
    own translation (never shown as a quote)."""

    clause = models.ForeignKey(
        Clause, on_delete=models.CASCADE, related_name="texts", verbose_name=_("article")
    )
    language = models.CharField(max_length=8, choices=TEXT_LANGUAGES, verbose_name=_("language"))
    kind = models.CharField(max_length=24, choices=TextKind, verbose_name=_("kind"))
    text = models.TextField(
        help_text=_("Exactly as the source prints it: spelling and punctuation included."),
        verbose_name=_("text"),
    )
    complete = models.BooleanField(
        default=True,
        help_text=_("Untick where the source prints only part of the article."),
        verbose_name=_("whole article"),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        related_name="clause_texts",
        help_text=_("Where the text is printed; for our own translation, what it translates."),
        verbose_name=_("source"),
    )
    retrieved_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("When this project took the text from its source."),
        verbose_name=_("retrieved on"),
    )
    note = models.TextField(blank=True, verbose_name=_("note"))

    objects = ClauseTextManager()

    class Meta:
        ordering = ["clause", "language", "kind"]
        verbose_name = _("article text")
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "language", "kind", "source"],
                name="clause_text_unique",
                violation_error_message=_(
                    "This article already has a text of this kind in this language from this "
                    "source."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=TextKind.values), name="clause_text_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.clause}: {self.get_kind_display()} ({self.language})"

    def natural_key(self):
        return (self.clause.slug, self.language, self.kind, self.source.slug)

    natural_key.dependencies = ["treaties.clause", "treaties.source"]

    def stored_owner(self) -> "Clause | None":
        """The article this text is stored under: it is published with it, so a change to it
        needs a reason when that article is published (core.admin.is_published)."""
        return Clause._base_manager.filter(texts__pk=self.pk).first()

    @property
    def direction(self) -> str:
        """Its writing direction, for the dir attribute of the element that holds it."""
        return "rtl" if self.language in RIGHT_TO_LEFT_LANGUAGES else "ltr"

    @property
    def is_quote(self) -> bool:
        """Whether the text is a source's wording, shown as a quote: all but our translations."""
        return self.kind != TextKind.PROJECT_TRANSLATION


class AlignmentQuerySet(VisibilityQuerySet):
    def visible(self, *, drafts: bool):
        """Everything for a curator's preview, else alignments whose treaties and articles are
        all published (an article absent from a side counts as published)."""
        if drafts:
            return self
        published = Publication.PUBLISHED
        return self.filter(
            Q(old_clause__isnull=True) | Q(old_clause__publication=published),
            Q(new_clause__isnull=True) | Q(new_clause__publication=published),
            old_treaty__publication=published,
            new_treaty__publication=published,
        )


class AlignmentManager(models.Manager.from_queryset(AlignmentQuerySet)):
    def get_by_natural_key(self, old_treaty, new_treaty, old_clause, new_clause):
        return self.get(
            old_treaty__slug=old_treaty,
            new_treaty__slug=new_treaty,
            **{"old_clause__isnull": True} if not old_clause else {"old_clause__slug": old_clause},
            **{"new_clause__isnull": True} if not new_clause else {"new_clause__slug": new_clause},
        )


class Alignment(PlainTextMixin, models.Model):
    """How an article of an older treaty corresponds to one of a newer treaty: kept,
    strengthened, weakened, dropped (no counterpart in the newer) or new (none in the older)."""

    class Relation(models.TextChoices):
        KEPT = "kept", _("Kept")
        STRENGTHENED = "strengthened", _("Strengthened")
        WEAKENED = "weakened", _("Weakened")
        DROPPED = "dropped", _("Dropped")
        NEW = "new", _("New")

    old_treaty = models.ForeignKey(
        Treaty, on_delete=models.CASCADE, related_name="+", verbose_name=_("older treaty")
    )
    old_clause = models.ForeignKey(
        Clause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alignments_forward",
        help_text=_("Empty for an article that is new in the newer treaty."),
        verbose_name=_("article of the older treaty"),
    )
    new_treaty = models.ForeignKey(
        Treaty, on_delete=models.CASCADE, related_name="+", verbose_name=_("newer treaty")
    )
    new_clause = models.ForeignKey(
        Clause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="alignments_back",
        help_text=_("Empty for an article the newer treaty dropped."),
        verbose_name=_("article of the newer treaty"),
    )
    relation = models.CharField(max_length=12, choices=Relation, verbose_name=_("relation"))
    note = models.TextField(verbose_name=_("note"))
    sources = models.ManyToManyField(Source, related_name="alignments")

    objects = AlignmentManager()

    class Meta:
        ordering = ["old_treaty__signed_on", "new_treaty__signed_on", "old_clause__order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relation="dropped", old_clause__isnull=False, new_clause__isnull=True)
                | Q(relation="new", old_clause__isnull=True, new_clause__isnull=False)
                | ~Q(relation__in=["dropped", "new"])
                & Q(old_clause__isnull=False, new_clause__isnull=False),
                name="alignment_sides_match_relation",
                violation_error_message=_(
                    "A dropped article has no newer side, a new one no older side; any other "
                    "relation has both."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.old_clause or self.old_treaty} → {self.new_clause or self.new_treaty}"

    def natural_key(self):
        return (
            self.old_treaty.slug,
            self.new_treaty.slug,
            self.old_clause.slug if self.old_clause else "",
            self.new_clause.slug if self.new_clause else "",
        )

    natural_key.dependencies = ["treaties.treaty", "treaties.clause"]

    def clean(self):
        errors = {}
        if self.old_clause is not None and self.old_clause.treaty_id != self.old_treaty_id:
            errors["old_clause"] = _("This article is not one of the older treaty's.")
        if self.new_clause is not None and self.new_clause.treaty_id != self.new_treaty_id:
            errors["new_clause"] = _("This article is not one of the newer treaty's.")
        if (
            self.old_treaty_id
            and self.new_treaty_id
            and not self.old_treaty.signed_on < self.new_treaty.signed_on
        ):
            errors["new_treaty"] = _("The newer treaty must be signed after the older one.")
        if errors:
            raise ValidationError(errors)


class TopicNoteManager(models.Manager.from_queryset(TreatyVisibilityQuerySet)):
    def get_by_natural_key(self, treaty_slug, topic_slug):
        return self.get(treaty__slug=treaty_slug, topic__slug=topic_slug)


class TopicNote(PlainTextMixin, models.Model):
    """What the sources say about a treaty on a topic where no article of it speaks to the topic,
    e.g. that the 2000 treaty left out the 1961 military-assistance clause."""

    treaty = models.ForeignKey(Treaty, on_delete=models.CASCADE, related_name="topic_notes")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="notes")
    note = models.TextField()
    obligation_level = models.PositiveSmallIntegerField(
        choices=ObligationLevel, null=True, blank=True
    )
    sources = models.ManyToManyField(Source, related_name="topic_notes")

    objects = TopicNoteManager()

    class Meta:
        ordering = ["treaty", "topic"]
        constraints = [
            models.UniqueConstraint(fields=["treaty", "topic"], name="topic_note_unique"),
            models.CheckConstraint(
                condition=Q(obligation_level__isnull=True)
                | Q(obligation_level__in=ObligationLevel.values),
                name="topic_note_obligation_level_valid",
            ),
        ]

    def __str__(self):
        return f"{treaty_name(self)}: {self.topic}"

    @property
    def coding_id(self) -> str:
        """The anchor of this note's coding on the methodology page."""
        return f"coding-{self.treaty.slug}-{self.topic.slug}"

    def natural_key(self):
        return (*self.treaty.natural_key(), *self.topic.natural_key())

    natural_key.dependencies = ["treaties.treaty", "treaties.topic"]


class Event(SlugNaturalKeyMixin, PlainTextMixin, models.Model):
    """A dated step in the history of the treaties other than signing, entry into force and end."""

    class Kind(models.TextChoices):
        INITIALLING = "initialling", _("Initialling")
        RATIFICATION = "ratification", _("Ratification")
        SUMMIT = "summit", _("Summit or visit")
        AGREEMENT = "agreement", _("Related agreement")
        ANNOUNCEMENT = "announcement", _("Announcement")

    slug = models.SlugField(max_length=80, unique=True)
    treaty = models.ForeignKey(
        Treaty, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=Kind)
    date = models.DateField()
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision, default=DatePrecision.DAY
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sources = models.ManyToManyField(Source, related_name="events")

    objects = SlugNaturalKeyManager.from_queryset(TreatyVisibilityQuerySet)()

    class Meta:
        ordering = ["date", "slug"]

    def __str__(self):
        return self.title
