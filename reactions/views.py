from django.core.paginator import Paginator
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.htmx import render_page

from . import selectors
from .filters import ReactionFilter

PAGE_SIZE = 50


@require_GET
@vary_on_headers("HX-Request")
def reaction_list(request):
    filterset = ReactionFilter(request.GET, queryset=selectors.reaction_list())
    page = None
    if filterset.is_valid():
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "reactions/reaction_list.html",
        {"filterset": filterset, "page": page},
        partial="results",
        status=200 if page is not None else 400,
    )
