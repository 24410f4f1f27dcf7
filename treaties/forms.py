"""Query-string parsing for the comparison pages: every bad parameter becomes a form error."""

from django import forms
from django.core.validators import validate_slug
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Topic, Treaty
from .search import KINDS


def refuse_non_slug(field: forms.Field, value) -> None:
    """A choice named by something that cannot be a slug (NUL bytes, markup, 5,000 characters) is
    refused as an invalid choice before it reaches the database."""
    try:
        validate_slug(str(value))
    except forms.ValidationError:
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": str(value)[:60]},
        ) from None


def as_unknown(error: forms.ValidationError) -> forms.ValidationError:
    """A well-formed slug that names nothing: code "unknown", so the API can answer 404 where a
    malformed one gets 400."""
    if error.code == "invalid_choice":
        return forms.ValidationError(error.messages[0], code="unknown")
    return error


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", **kwargs)

    def clean(self, value):
        # An empty box in the query string (?treaties=) names nothing rather than a bad choice.
        if isinstance(value, list | tuple):
            value = [item for item in value if item != ""]
        return super().clean(value)

    def _check_values(self, value):
        for slug in value:
            refuse_non_slug(self, slug)
        try:
            return super()._check_values(value)
        except forms.ValidationError as error:
            raise as_unknown(error) from None


class SlugChoiceField(forms.ModelChoiceField):
    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", **kwargs)

    def to_python(self, value):
        if value not in self.empty_values:
            refuse_non_slug(self, value)
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            raise as_unknown(error) from None


class TreatyChoiceForm(forms.Form):
    """A form whose treaty fields offer what the reader may see: published treaties, and drafts
    too for a curator's preview (`drafts`)."""

    treaty_fields: tuple[str, ...] = ()

    def __init__(self, *args, drafts: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.drafts = drafts
        for name in self.treaty_fields:
            self.fields[name].queryset = selectors.treaty_chronology(drafts=drafts)


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

    @cached_property
    def treaty_choices(self) -> selectors.TreatyChoices:
        """The treaties to tick from (see selectors.comparison_choices); read after validation,
        so only a valid `find` is searched for."""
        find = getattr(self, "cleaned_data", {}).get("find", "")
        return selectors.comparison_choices(
            ticked=sorted(self.ticked_slugs), find=find, drafts=self.drafts
        )

    @cached_property
    def ticked_slugs(self) -> set[str]:
        return {str(slug) for slug in self["treaties"].value() or []}

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


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search treaties, articles and reactions"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    # Set: page through the matches of one kind only.
    kind = forms.ChoiceField(
        choices=KINDS.items(),
        required=False,
        error_messages={"invalid_choice": _("Search treaties, articles or reactions.")},
    )
