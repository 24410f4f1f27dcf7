"""Reactions of governments, organisations and officials to the treaties."""

from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.addresses import slug_url
from core.models import Certainty, DatePrecision, Publishable, date_period
from core.search_vectors import search_vector_field
from treaties.models import OwnAndTreatyVisibilityQuerySet, Party, Source, Treaty


class ReactionManager(models.Manager.from_queryset(OwnAndTreatyVisibilityQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Reaction(Publishable):
    """What a party (through a named speaker, where the source names one) said about a treaty."""

    class Stance(models.TextChoices):
        SUPPORTIVE = "supportive", _("Supportive")
        NEUTRAL = "neutral", _("Neutral")
        CONCERNED = "concerned", _("Concerned")
        CRITICAL = "critical", _("Critical")

    slug = models.SlugField(max_length=80, unique=True, verbose_name=_("slug"))
    treaty = models.ForeignKey(
        Treaty, on_delete=models.PROTECT, related_name="reactions", verbose_name=_("treaty")
    )
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="reactions", verbose_name=_("party")
    )
    speaker = models.CharField(max_length=120, blank=True, verbose_name=_("speaker"))
    speaker_office = models.CharField(max_length=200, blank=True, verbose_name=_("speaker office"))
    date = models.DateField(verbose_name=_("date"))
    date_precision = models.CharField(
        max_length=5,
        choices=DatePrecision,
        default=DatePrecision.DAY,
        verbose_name=_("date precision"),
    )
    date_certainty = models.CharField(
        max_length=12,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        help_text=_(
            "Inferred when the source gives no date, e.g. an undated article on the signing."
        ),
        verbose_name=_("date certainty"),
    )
    made_before_signing = models.BooleanField(
        default=False,
        help_text=_(
            "Said before the treaty was signed, about the treaty to come (e.g. on the eve of the "
            "signing). A reaction dated before the signing must say so."
        ),
        verbose_name=_("made before signing"),
    )
    stance = models.CharField(max_length=12, choices=Stance, verbose_name=_("stance"))
    summary = models.TextField(
        help_text=_("The gist of what was said, in our words."), verbose_name=_("summary")
    )
    quote = models.TextField(
        blank=True,
        help_text=_("Exact words as the source prints them; empty if it only paraphrases."),
        verbose_name=_("quote"),
    )
    quote_language = models.CharField(max_length=8, blank=True, verbose_name=_("quote language"))
    sources = models.ManyToManyField(Source, related_name="reactions")
    search_en = search_vector_field(
        "en",
        ("speaker_en", "A"),
        ("summary_en", "B"),
        ("quote", "B"),
        ("speaker_office_en", "C"),
    )
    search_ar = search_vector_field(
        "ar",
        ("speaker_ar", "A"),
        ("summary_ar", "B"),
        ("quote", "B"),
        ("speaker_office_ar", "C"),
    )

    objects = ReactionManager()

    class Meta:
        ordering = ["date", "slug"]
        permissions = [("publish_reaction", "Can publish and withdraw reactions")]
        indexes = [
            GinIndex(fields=["search_en"]),
            GinIndex(fields=["search_ar"]),
            # Pages of the API's list without sorting every reaction, and their count (with the
            # treaty, whose publication it checks) without reading the wide rows.
            models.Index(
                fields=["publication", "date", "slug"],
                include=["treaty"],
                name="reaction_published_in_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quote="", quote_language="") | ~Q(quote="") & ~Q(quote_language=""),
                name="reaction_quote_has_language",
                violation_error_message=_("A quote needs the language it is quoted in."),
            ),
        ]

    def __str__(self):
        who = self.speaker or self.party.short_name
        return f"{who}, {self.date:%Y-%m-%d}"

    def get_absolute_url(self):
        return slug_url("reactions:detail", slug=self.slug)

    @property
    def citation_title(self) -> str:
        """What a reference to its page calls it (core.citations)."""
        return _("How %(party)s reacted to the %(treaty)s") % {
            "party": self.party.short_name,
            "treaty": self.treaty.short_title,
        }

    def natural_key(self):
        return (self.slug,)

    def clean(self):
        """A reaction comes on or after its treaty's signing, unless marked as made before it;
        a date known only to the month or year counts as long as it may fall on or after."""
        if self.treaty_id is None or self.date is None:
            return
        signed_on = self.treaty.signed_on
        first_day, last_day = date_period(self.date, self.date_precision)
        if last_day < signed_on and not self.made_before_signing:
            raise ValidationError(
                {
                    "date": _(
                        "This is before the treaty was signed (%(signed_on)s). If the remark "
                        "came before the signing, mark it as made before the signing."
                    )
                    % {"signed_on": signed_on.isoformat()}
                }
            )
        if first_day >= signed_on and self.made_before_signing:
            raise ValidationError(
                {
                    "made_before_signing": _("The date is not before the signing (%(signed_on)s).")
                    % {"signed_on": signed_on.isoformat()}
                }
            )
