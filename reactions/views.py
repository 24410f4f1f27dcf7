from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.htmx import render_page
from core.models import previews_drafts
from core.paging import page_or_404
from core.selectors import record_change_log

from . import selectors
from .filters import ReactionFilter

PAGE_SIZE = 50


@require_safe
@vary_on_headers("HX-Request")
def reaction_list(request):
    reactions = selectors.reaction_list(drafts=previews_drafts(request.user))
    filterset = ReactionFilter(request.GET, queryset=reactions, request=request)
    page = None
    if filterset.is_valid():
        page = page_or_404(request, filterset.qs, per_page=PAGE_SIZE)
    return render_page(
        request,
        "reactions/reaction_list.html",
        {"filterset": filterset, "page": page},
        partial="results",
        status=200 if page is not None else 400,
    )


@require_safe
def reaction_detail(request, slug: str):
    reaction = get_object_or_404(
        selectors.reaction_list(drafts=previews_drafts(request.user)), slug=slug
    )
    return render(
        request,
        "reactions/reaction_detail.html",
        {"reaction": reaction, "changes": record_change_log(reaction)},
    )
