import datetime

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language, get_language_bidi
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.fragments import record_version
from core.htmx import render_page
from core.models import previews_drafts
from core.paging import page_or_404
from core.selectors import record_change_log

from . import fragments, selectors
from .forms import ComparisonForm, FullTextForm, WordingComparisonForm
from .models import ATOP_CATEGORIES, ObligationLevel
from .timeline_chart import timeline_chart

# Treaties on one page of the list and of the timeline: all three of the real record, a
# readable share of a large one.
TREATIES_PER_PAGE = 50


@require_safe
def treaty_list(request):
    drafts = previews_drafts(request.user)
    page = page_or_404(request, selectors.treaty_list(drafts=drafts), per_page=TREATIES_PER_PAGE)
    return render(
        request,
        "treaties/treaty_list.html",
        {
            "treaties": page,
            "page": page,
            "references": selectors.reference_treaties(drafts=drafts),
        },
    )


@require_safe
def treaty_detail(request, slug: str):
    drafts = previews_drafts(request.user)
    treaty = get_object_or_404(selectors.treaty_record(drafts=drafts), slug=slug)
    return render(
        request,
        "treaties/treaty_detail.html",
        {
            "treaty": treaty,
            "topic_groups": selectors.treaty_clauses_by_topic(treaty),
            "changes": selectors.treaty_changes(treaty, drafts=drafts),
        },
    )


@require_safe
def treaty_text(request, slug: str):
    """The treaty read as a document, in one language or two side by side."""
    treaty = get_object_or_404(
        selectors.treaty_record(drafts=previews_drafts(request.user)), slug=slug
    )
    form = FullTextForm(
        request.GET, held=selectors.text_languages(treaty), page_language=get_language()
    )
    languages = form.chosen_languages()
    articles = selectors.treaty_full_text(treaty, languages) if languages is not None else []
    return render(
        request,
        "treaties/treaty_text.html",
        {
            "treaty": treaty,
            "form": form,
            "articles": articles,
            "languages": [(code, form.names[code]) for code in languages or []],
        },
        status=200 if languages is not None else 400,
    )


@require_safe
def clause_detail(request, treaty_slug: str, slug: str):
    drafts = previews_drafts(request.user)
    clause = get_object_or_404(
        selectors.clause_record(drafts=drafts),
        treaty__slug=treaty_slug,
        slug=slug,
    )
    return render(
        request,
        "treaties/clause_detail.html",
        {
            "clause": clause,
            "alignments": selectors.aligned_articles(clause=clause, drafts=drafts),
            "changes": record_change_log(clause),
        },
    )


@require_safe
@vary_on_headers("HX-Request")
def compare(request):
    form = ComparisonForm.from_query(request.GET, drafts=previews_drafts(request.user))
    version = record_version(request)  # before the clauses: their excerpts are kept under it
    comparison = None
    if form.is_valid():
        comparison = selectors.treaty_comparison(
            treaties=form.cleaned_data["treaties"],
            topics=form.cleaned_data["topics"],
            drafts=form.drafts,
        )
    ticked = form.ticked_slugs()
    choices = selectors.comparison_choices(ticked=ticked, find=form.find_text(), drafts=form.drafts)
    return render_page(
        request,
        "treaties/compare.html",
        {
            "form": form,
            "comparison": comparison,
            "clause_excerpts": fragments.clause_excerpts(
                comparison.clauses, version=version, drafts=form.drafts
            )
            if comparison
            else {},
            "alignments": selectors.aligned_articles(
                treaties=comparison.treaties, drafts=form.drafts
            )
            if comparison
            else [],
            "choices": choices,
            "ticked": ticked,
            "calibrations": selectors.calibrations(
                comparison.treaties if comparison else [], drafts=form.drafts
            ),
        },
        partial="comparison",
        status=200 if comparison else 400,
    )


@require_safe
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
        history=None,
        status=200 if wording is not None else 400,
    )


@require_safe
def timeline(request):
    drafts = previews_drafts(request.user)
    page = page_or_404(
        request, selectors.timeline_treaties(drafts=drafts), per_page=TREATIES_PER_PAGE
    )
    events = selectors.treaty_timeline(
        today=datetime.date.today(), treaties=list(page), drafts=drafts
    )
    chart = timeline_chart(events, rtl=get_language_bidi())
    return render(
        request, "treaties/timeline.html", {"timeline": events, "chart": chart, "page": page}
    )


@require_safe
def methodology(request):
    drafts = previews_drafts(request.user)
    return render(
        request,
        "treaties/methodology.html",
        {
            "levels": list(ObligationLevel),
            "codings": selectors.obligation_codings(drafts=drafts),
            "atop_codes": selectors.atop_codes(drafts=drafts),
            "atop_categories": ATOP_CATEGORIES.values(),
        },
    )
