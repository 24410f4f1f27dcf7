"""Query-string parsing for the comparison pages: every bad parameter becomes a form error."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SlugChoiceField, SlugMultipleChoiceField
from core.slugs import is_slug

from . import selectors
from .models import TEXT_LANGUAGES, Topic, Treaty


class TreatyChoiceForm(forms.Form):
    """A form whose treaty fields offer what the reader may see: published treaties, and drafts
    too for a curator's preview (`drafts`)."""

    treaty_fields: tuple[str, ...] = ()

    def __init__(self, *args, drafts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        for name in self.treaty_fields:
            field = self.fields[name]
            field.queryset = selectors.treaty_chronology(drafts=drafts)
            if isinstance(field, SlugMultipleChoiceField):
                field.named = selectors.named_treaties(drafts=drafts)


class ComparisonForm(TreatyChoiceForm):
    treaty_fields = ("treaties",)
    treaties = SlugMultipleChoiceField(
        Treaty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Treaties"),
        error_messages={
            "invalid_choice": _("There is no treaty %(value)s."),
            "invalid_list": _("Name the treaties to compare."),
        },
    )
    topics = SlugMultipleChoiceField(
        Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics"),
        help_text=_("None ticked: every topic any of the treaties speaks to."),
        error_messages={
            "invalid_choice": _("There is no topic %(value)s."),
            "invalid_list": _("Name the topics to compare."),
        },
    )

    find = forms.CharField(
        label=_("Find another treaty"),
        max_length=100,
        required=False,
        help_text=_("Words of its title, in English or Arabic."),
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )

    def ticked_slugs(self) -> list[str]:
        """The treaties the reader ticked, as far as their values can be slugs at all: the
        choices keep them ticked even when the comparison is refused."""
        return sorted({value for value in self["treaties"].value() or [] if is_slug(value)})

    def find_text(self) -> str:
        """What the reader looks for among the treaties, once it is valid ("" otherwise)."""
        return getattr(self, "cleaned_data", {}).get("find", "")

    @classmethod
    def from_query(cls, query, *, drafts: bool = False):
        """Bind the query string; without treaties, compare the default ones."""
        if "treaties" not in query:
            query = query.copy()
            query.setlist("treaties", selectors.default_comparison_slugs(drafts=drafts))
        return cls(query, drafts=drafts)

    def clean_treaties(self):
        treaties = list(self.cleaned_data["treaties"])
        if len(treaties) < 2:
            raise forms.ValidationError(_("Pick at least two treaties to compare."))
        if len(treaties) > 3:
            raise forms.ValidationError(_("Pick at most three treaties to compare."))
        return treaties

    def clean_topics(self):
        return list(self.cleaned_data["topics"]) or None

    def query_string(self) -> str:
        """The comparison's treaties (oldest first) and topics (in order) as a query string, once
        valid: one address for one comparison, for the page, its PDF, embed and the API."""
        treaties = sorted(self.cleaned_data["treaties"], key=lambda t: (t.signed_on, t.slug))
        topics = sorted(self.cleaned_data["topics"] or [], key=lambda topic: topic.order)
        return urlencode(
            {
                "treaties": [treaty.slug for treaty in treaties],
                "topics": [topic.slug for topic in topics],
            },
            doseq=True,
        )


class WordingComparisonForm(TreatyChoiceForm):
    treaty_fields = ("old", "new")
    topic = SlugChoiceField(
        Topic.objects.all(),
        label=_("Topic"),
        error_messages={"invalid_choice": _("There is no topic %(value)s.")},
    )
    old = SlugChoiceField(
        Treaty.objects.none(),
        label=_("Earlier treaty"),
        error_messages={"invalid_choice": _("There is no treaty %(value)s.")},
    )
    new = SlugChoiceField(
        Treaty.objects.none(),
        label=_("Later treaty"),
        error_messages={"invalid_choice": _("There is no treaty %(value)s.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("old") and cleaned.get("old") == cleaned.get("new"):
            raise forms.ValidationError(_("Pick two different treaties."))
        return cleaned

    def comparison_query(self) -> str:
        """The query string and anchor of the comparison the reader came from: its treaties (the
        comparison passes them on as `compared`), else the two compared here, at this topic's
        row. The comparison checks them again."""
        slugs = [slug for slug in self.data.getlist("compared") if is_slug(slug)][:3]
        if len(slugs) < 2:
            slugs = [slug for slug in (self.data.get("old"), self.data.get("new")) if is_slug(slug)]
        query = f"?{urlencode({'treaties': slugs}, doseq=True)}" if slugs else ""
        topic = self.data.get("topic")
        return query + (f"#topic-{topic}" if is_slug(topic) else "")


class FullTextForm(forms.Form):
    """Which of a treaty's text languages to read (`held`), and which beside it. Unasked, the
    page's language where the treaty has texts in it, else English."""

    language = forms.ChoiceField(label=_("Text in"), required=False)
    beside = forms.ChoiceField(label=_("Beside it"), required=False)

    def __init__(self, data, *, held: list[str], page_language: str):
        super().__init__(data or None)
        self.names = {code: name for code, name in TEXT_LANGUAGES if code in held}
        fallback = "en" if "en" in held else ""
        self.default = page_language if page_language in held else fallback
        self.fields["language"].choices = list(self.names.items())
        self.fields["beside"].choices = [("", _("No second language")), *self.names.items()]
        for field in self.fields.values():
            field.error_messages["invalid_choice"] = _(
                "No article of this treaty has a text in %(value)s."
            )

    def clean(self):
        cleaned = super().clean()
        cleaned["language"] = cleaned.get("language") or self.default
        if cleaned.get("beside") == cleaned["language"]:
            cleaned["beside"] = ""
        return cleaned

    def chosen_languages(self) -> list[str] | None:
        """The languages to read, first the main one; None when the query is refused."""
        if not self.is_bound:
            return [self.default] if self.default else []
        if not self.is_valid():
            return None
        return [
            code for code in (self.cleaned_data["language"], self.cleaned_data["beside"]) if code
        ]


class InForceForm(forms.Form):
    """The day asked about on the in-force page and API: an ISO date, today when not asked."""

    date = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Give a date as year-month-day, e.g. 1999-06-01.")},
    )

    def __init__(self, data, *, today: datetime.date):
        super().__init__(data)
        self.today = today

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day is None and "date" in self.data:  # asked with an empty box: not a date
            raise forms.ValidationError(self.fields["date"].error_messages["invalid"])
        return day or self.today
