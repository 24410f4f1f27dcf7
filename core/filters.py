"""Filter fields of the API's lists (django-filter) that answer a bad value clearly."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import SlugChoiceField


class GivenIfNamed:
    """A filter field that, named in the query, must be given a value: ?signed_before= alone is
    a 400 with `empty_message`, not the unfiltered list."""

    empty_message = ""

    def clean(self, value):
        if value == "":
            raise forms.ValidationError(self.empty_message, code="required")
        return super().clean(value)


class DateIfGivenField(GivenIfNamed, forms.DateField):
    empty_message = _("Give a date as YYYY-MM-DD.")


class DateIfGivenFilter(django_filters.DateFilter):
    field_class = DateIfGivenField


class BooleanField(forms.Field):
    """true or false, as the schema says; anything else (null, yes, an empty value) is a 400."""

    default_error_messages = {"invalid": _("Give true or false.")}
    VALUES = {"true": True, "false": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value not in self.VALUES:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return self.VALUES[value]


class BooleanIfGivenField(GivenIfNamed, BooleanField):
    empty_message = BooleanField.default_error_messages["invalid"]


class BooleanIfGivenFilter(django_filters.BooleanFilter):
    field_class = BooleanIfGivenField


class ChoiceIfGivenField(GivenIfNamed, django_filters.fields.ChoiceField):
    """(The pages' forms send an empty choice for "any", so they keep the plain ChoiceFilter.)"""

    empty_message = _("Name one of the choices.")


class ChoiceIfGivenFilter(django_filters.ChoiceFilter):
    field_class = ChoiceIfGivenField


class SlugModelChoiceFilter(django_filters.ModelChoiceFilter):
    """Filter on a related row named by its slug: a malformed value is a form error (400), a
    well-formed one that names nothing has the code "unknown" (404)."""

    field_class = SlugChoiceField
