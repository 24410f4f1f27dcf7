"""Query-string filters of the API's lists (django-filter)."""

import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SlugChoiceField
from .models import Certainty, Clause, ObligationLevel, Party, Source, Topic, Treaty


class DateIfGivenField(forms.DateField):
    """A date filter named in the query must hold a date: ?signed_before= alone is a 400."""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError(_("Give a date as YYYY-MM-DD."), code="required")
        return super().clean(value)


class DateIfGivenFilter(django_filters.DateFilter):
    field_class = DateIfGivenField


class SlugModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter on a related row named by its slug: a malformed value is a form error (400), a
    well-formed one that names nothing has the code "unknown" (404)."""

    field_class = SlugChoiceField


NO_TREATY = {"invalid_choice": _("There is no treaty %(value)s.")}
NO_TOPIC = {"invalid_choice": _("There is no topic %(value)s.")}
NO_PARTY = {"invalid_choice": _("There is no party %(value)s.")}


class TreatyFilter(django_filters.FilterSet):
    party = SlugModelChoiceFilter(
        field_name="parties", queryset=Party.objects.all(), error_messages=NO_PARTY
    )
    topic = SlugModelChoiceFilter(
        field_name="clauses__topics",
        queryset=Topic.objects.all(),
        error_messages=NO_TOPIC,
        distinct=True,
    )
    signed_after = DateIfGivenFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = DateIfGivenFilter(field_name="signed_on", lookup_expr="lte")
    status = django_filters.ChoiceFilter(choices=Treaty.Status.choices, method="filter_status")

    class Meta:
        model = Treaty
        fields = ["party", "topic", "signed_after", "signed_before", "status"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(Treaty.status_condition(value, datetime.date.today()))


class ClauseFilter(django_filters.FilterSet):
    treaty = SlugModelChoiceFilter(queryset=Treaty.objects.all(), error_messages=NO_TREATY)
    topic = SlugModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), error_messages=NO_TOPIC
    )
    obligation_level = django_filters.ChoiceFilter(choices=ObligationLevel.choices)
    number_certainty = django_filters.ChoiceFilter(choices=Certainty.choices)

    class Meta:
        model = Clause
        fields = ["treaty", "topic", "obligation_level", "number_certainty"]


class PartyFilter(django_filters.FilterSet):
    class Meta:
        model = Party
        fields = ["kind"]


class SourceFilter(django_filters.FilterSet):
    language = django_filters.CharFilter()

    class Meta:
        model = Source
        fields = ["language"]
