from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.htmx import render_page
from core.models import previews_drafts
from core.paging import page_or_404
from core.throttling import SearchThrottle, throttled

from .forms import SearchForm
from .kinds import KINDS
from .selectors import kind_search, record_search, suggestions

# Hits on a page of one kind's search results (the search page shows selectors.OVERVIEW_HITS).
SEARCH_HITS_PER_PAGE = 20


@require_safe
@vary_on_headers("HX-Request")
@throttled(SearchThrottle)
def search(request):
    form = SearchForm(request.GET)
    context = {"form": form}
    if form.is_valid() and form.cleaned_data["q"]:
        text, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
        drafts = previews_drafts(request.user)
        if kind:
            ranked = kind_search(text=text, kind=kind, drafts=drafts)
            hits = page_or_404(request, ranked, per_page=SEARCH_HITS_PER_PAGE)
            context |= {"kind": kind, "kind_name": KINDS[kind], "ranked": ranked, "hits": hits}
        else:
            context["results"] = results = record_search(text=text, drafts=drafts)
            if not results.total:
                context["suggestions"] = suggestions(text=text, drafts=drafts)
    return render_page(
        request,
        "search/search.html",
        context,
        partial="search-results",
        status=400 if form.errors else 200,
        history="replace",
    )
