import datetime

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from config.htmx import render_page
from config.paging import page_or_404

from . import selectors
from .forms import ComparisonForm, SearchForm, WordingComparisonForm
from .models import previews_drafts
from .search import KINDS, kind_search, record_search
from .timeline_chart import timeline_chart

# Treaties on one page of the list and of the timeline: all three of the real record, a
# readable share of a large one.
TREATIES_PER_PAGE = 50
# Hits on a page of one kind's search results (the search page shows search.OVERVIEW_HITS).
SEARCH_HITS_PER_PAGE = 20


@require_GET
def treaty_list(request):
    treaties = selectors.treaty_list(drafts=previews_drafts(request.user))
    page = page_or_404(request, treaties, per_page=TREATIES_PER_PAGE)
    return render(request, "treaties/treaty_list.html", {"treaties": page, "page": page})


@require_GET
def treaty_detail(request, slug: str):
    treaty = get_object_or_404(
        selectors.treaty_record(drafts=previews_drafts(request.user)), slug=slug
    )
    return render(
        request,
        "treaties/treaty_detail.html",
        {"treaty": treaty, "topic_groups": selectors.treaty_articles_by_topic(treaty)},
    )


@require_GET
@vary_on_headers("HX-Request")
def compare(request):
    form = ComparisonForm.from_query(request.GET, drafts=previews_drafts(request.user))
    comparison = None
    if form.is_valid():
        comparison = selectors.treaty_comparison(
            treaties=form.cleaned_data["treaties"],
            topics=form.cleaned_data["topics"],
            drafts=form.drafts,
        )
    return render_page(
        request,
        "treaties/compare.html",
        {"form": form, "comparison": comparison},
        partial="comparison",
        status=200 if comparison else 400,
    )


@require_GET
@vary_on_headers("HX-Request")
def compare_wording(request):
    form = WordingComparisonForm(request.GET, drafts=previews_drafts(request.user))
    wording = None
    if form.is_valid():
        wording = selectors.topic_wording_comparison(
            topic=form.cleaned_data["topic"],
            old_treaty=form.cleaned_data["old"],
            new_treaty=form.cleaned_data["new"],
            drafts=form.drafts,
        )
    return render_page(
        request,
        "treaties/compare_wording.html",
        {"form": form, "wording": wording},
        partial="wording",
        status=200 if wording else 400,
    )


@require_GET
def timeline(request):
    drafts = previews_drafts(request.user)
    page = page_or_404(
        request, selectors.treaty_chronology(drafts=drafts), per_page=TREATIES_PER_PAGE
    )
    events = selectors.treaty_timeline(
        today=datetime.date.today(), treaties=list(page), drafts=drafts
    )
    chart = timeline_chart(events, rtl=get_language_bidi())
    return render(
        request, "treaties/timeline.html", {"timeline": events, "chart": chart, "page": page}
    )


@require_GET
@vary_on_headers("HX-Request")
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
            context["results"] = record_search(text=text, drafts=drafts)
    return render_page(
        request,
        "treaties/search.html",
        context,
        partial="search-results",
        status=400 if form.errors else 200,
    )
