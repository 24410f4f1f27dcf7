"""Query-string filters of the API's lists (django-filter)."""

import datetime

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    BooleanIfGivenFilter,
    ChoiceIfGivenFilter,
    DateIfGivenFilter,
    SlugModelChoiceFilter,
)
from core.models import Certainty, previews_drafts

from .models import Clause, Event, ObligationLevel, Party, Source, Topic, Treaty


def request_previews_drafts(request) -> bool:
    return request is not None and previews_drafts(request.user)


def visible_treaties(request):
    """The treaties a filter may name: drafts only for a curator, so nobody else learns of them."""
    return Treaty.objects.visible(drafts=request_previews_drafts(request)).chronological()


NO_TREATY = {"invalid_choice": _("There is no treaty %(value)s.")}
NO_TOPIC = {"invalid_choice": _("There is no topic %(value)s.")}
NO_PARTY = {"invalid_choice": _("There is no party %(value)s.")}
NO_SOURCE = {"invalid_choice": _("There is no source %(value)s.")}


def citing(**kwargs) -> SlugModelChoiceFilter:
    """The records citing one source (its slug), for the source's cited_by links."""
    return SlugModelChoiceFilter(
        field_name="sources", queryset=Source.objects.all(), error_messages=NO_SOURCE, **kwargs
    )


class TreatyFilter(django_filters.FilterSet):
    party = SlugModelChoiceFilter(
        field_name="parties", queryset=Party.objects.all(), error_messages=NO_PARTY
    )
    topic = SlugModelChoiceFilter(
        queryset=Topic.objects.all(), error_messages=NO_TOPIC, method="filter_topic"
    )
    signed_after = DateIfGivenFilter(field_name="signed_on", lookup_expr="gte")
    signed_before = DateIfGivenFilter(field_name="signed_on", lookup_expr="lte")
    status = ChoiceIfGivenFilter(choices=Treaty.Status.choices, method="filter_status")
    reference = BooleanIfGivenFilter(
        help_text=_("true: only the reference treaties; false: only the record's own.")
    )
    source = citing()

    class Meta:
        model = Treaty
        fields = [
            "party", "topic", "signed_after", "signed_before", "status", "reference", "source",
        ]  # fmt: skip

    def filter_status(self, queryset, name, value):
        return queryset.filter(Treaty.status_condition(value, datetime.date.today()))

    @extend_schema_field(OpenApiTypes.STR)  # a slug; SlugFilterExtension adds its pattern
    def filter_topic(self, queryset, name, topic):
        """Treaties with a clause on `topic` that the reader may see."""
        clauses = Clause.objects.visible(drafts=request_previews_drafts(self.request))
        return queryset.filter(pk__in=clauses.filter(topics=topic).values("treaty"))


class ClauseFilter(django_filters.FilterSet):
    treaty = SlugModelChoiceFilter(queryset=visible_treaties, error_messages=NO_TREATY)
    topic = SlugModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.all(), error_messages=NO_TOPIC
    )
    obligation_level = ChoiceIfGivenFilter(choices=ObligationLevel.choices)
    number_certainty = ChoiceIfGivenFilter(choices=Certainty.choices)
    source = citing(
        method="filter_source",
        help_text=_("Articles citing the source for their facts or printing their wording."),
    )

    class Meta:
        model = Clause
        fields = ["treaty", "topic", "obligation_level", "number_certainty", "source"]

    @extend_schema_field(OpenApiTypes.STR)  # a slug; SlugFilterExtension adds its pattern
    def filter_source(self, queryset, name, source):
        citing = Clause.objects.filter(Q(sources=source) | Q(texts__source=source))
        return queryset.filter(pk__in=citing.values("pk"))


class EventFilter(django_filters.FilterSet):
    treaty = SlugModelChoiceFilter(queryset=visible_treaties, error_messages=NO_TREATY)
    kind = ChoiceIfGivenFilter(choices=Event.Kind.choices)
    after = DateIfGivenFilter(field_name="date", lookup_expr="gte")
    before = DateIfGivenFilter(field_name="date", lookup_expr="lte")
    source = citing()

    class Meta:
        model = Event
        fields = ["treaty", "kind", "after", "before", "source"]


class PartyFilter(django_filters.FilterSet):
    kind = ChoiceIfGivenFilter(choices=Party.Kind.choices)

    class Meta:
        model = Party
        fields = ["kind"]


class SourceFilter(django_filters.FilterSet):
    language = django_filters.CharFilter()

    class Meta:
        model = Source
        fields = ["language"]
