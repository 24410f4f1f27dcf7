import django_filters
from django.utils.translation import gettext_lazy as _

from treaties.forms import SlugChoiceField
from treaties.models import Party, Treaty

from .models import Reaction


class SlugModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter on a related row named by its slug; a value that is no slug is a form error."""

    field_class = SlugChoiceField


class ReactionFilter(django_filters.FilterSet):
    party = SlugModelChoiceFilter(
        queryset=Party.objects.filter(reactions__isnull=False).distinct(),
        label=_("Who reacted"),
        empty_label=_("Any party"),
        error_messages={"invalid_choice": _("There is no party %(value)s with reactions.")},
    )
    stance = django_filters.ChoiceFilter(
        choices=Reaction.Stance.choices,
        label=_("Stance"),
        empty_label=_("Any stance"),
        error_messages={"invalid_choice": _("%(value)s is not a stance.")},
    )
    treaty = SlugModelChoiceFilter(
        queryset=Treaty.objects.chronological(),
        label=_("Treaty"),
        empty_label=_("Any treaty"),
        error_messages={"invalid_choice": _("There is no treaty %(value)s.")},
    )

    class Meta:
        model = Reaction
        fields = ["party", "stance", "treaty"]
