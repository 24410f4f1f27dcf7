"""The API's `?q=`: full-text search on the list endpoints that ask for it."""

from rest_framework.exceptions import ValidationError

from core.api_defaults import NO_NUL_PATTERN
from core.search_vectors import search_queryset

from .forms import SearchForm


class FullTextSearchFilter:
    """`?q=`: the full-text search of core.search_vectors, best matches first, on the endpoints
    whose view sets `full_text_search = True` (their models store search vectors)."""

    def filter_queryset(self, request, queryset, view):
        if not getattr(view, "full_text_search", False) or "q" not in request.query_params:
            return queryset
        form = SearchForm({"q": request.query_params["q"]})
        if not form.is_valid():
            raise ValidationError(form.errors)
        text = form.cleaned_data["q"]
        return search_queryset(queryset, text=text) if text else queryset

    def get_schema_operation_parameters(self, view):
        if not getattr(view, "full_text_search", False):
            return []
        return [
            {
                "name": "q",
                "required": False,
                "in": "query",
                "description": "Full-text search in English or Arabic (websearch syntax: "
                '"a phrase", either OR other, -excluded).',
                "schema": {"type": "string", "maxLength": 200, "pattern": NO_NUL_PATTERN},
            }
        ]
