from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import KINDS


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search treaties, articles and reactions"),
        max_length=200,
        required=False,
        error_messages={"max_length": _("Search for at most %(limit_value)d characters.")},
    )
    # Set: page through the matches of one kind only.
    kind = forms.ChoiceField(
        label=_("Kind of record"),
        choices=KINDS.items(),
        required=False,
        error_messages={"invalid_choice": _("Search treaties, articles or reactions.")},
    )
