"""Form fields that name records by slug, shared by the pages' forms and the API's filters:
every value that is not a slug is refused before it reaches the database."""

from django import forms

from .compiled import NAMED_SLUGS, CompiledQuery, planned_array
from .slugs import is_slug


def refuse_non_slug(field: forms.Field, value) -> None:
    """A choice named by something that cannot be a slug (NUL bytes, markup, 5,000 characters) is
    refused as an invalid choice before it reaches the database."""
    if not is_slug(str(value)):
        raise forms.ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": str(value)[:60]},
        )


def as_unknown(error: forms.ValidationError) -> forms.ValidationError:
    """A well-formed slug that names nothing: code "unknown", so the API can answer 404 where a
    malformed one gets 400."""
    if error.code == "invalid_choice":
        return forms.ValidationError(error.messages[0], code="unknown")
    return error


class SlugMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The records named by their slugs, as a list in the queryset's order: one query. Django's
    field builds a query with each value to check it, and one more for no value at all; a slug
    is checked by its form (refuse_non_slug), and none named is an empty list.

    `named`, when a form sets it after the queryset, is the queryset's records whose slug is any
    of NAMED_SLUGS, compiled once a process (core.compiled): building and compiling the query
    took a comparison 3 ms of the 3.5 its treaties took to check (bench/README.md). Setting the
    queryset again drops it, so the two never disagree."""

    named: CompiledQuery | None = None

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", **kwargs)

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.named = None  # compiled for the queryset replaced: set it again after this one

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)  # its queryset is this one's .all(): the same records
        copy.named = self.named
        return copy

    def clean(self, value):
        # An empty box in the query string (?treaties=) names nothing rather than a bad choice.
        if isinstance(value, list | tuple):
            value = [item for item in value if item != ""]
        if not value and not self.required:
            return []
        return list(super().clean(value))

    def _check_values(self, value):
        for slug in value:
            refuse_non_slug(self, slug)
        if self.named is not None:
            records = self.named.run({NAMED_SLUGS: planned_array(sorted(set(value)))})
        else:
            records = list(self.queryset.filter(slug__in=set(value)))
        found = {record.slug for record in records}
        for slug in value:
            if slug not in found:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="unknown",
                    params={"value": slug},
                )
        return records


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
