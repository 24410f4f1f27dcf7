import datetime
from functools import wraps

from csp.utils import build_policy
from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers

from core.fragments import record_version
from core.htmx import render_page
from core.models import RecordVersion, previews_drafts
from core.paging import keyed_page_or_404, page_or_404
from core.pdf import pdf_response
from core.selectors import record_change_log
from core.slugs import is_slug
from core.throttling import PDFThrottle, throttled

from . import fragments, selectors
from .forms import ComparisonForm, FullTextForm, InForceForm, WordingComparisonForm
from .models import ATOP_CATEGORIES, TEXT_KIND_EXPLANATIONS, ObligationLevel, Topic
from .timeline_chart import dated_steps, timeline_chart

# Treaties on one page of the list and of the timeline: all three of the real record, a
# readable share of a large one.
TREATIES_PER_PAGE = 50
# Treaties whose codings one page of the methodology page gives (the real record's six on one).
CODED_TREATIES_PER_PAGE = 10


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
    version = record_version(request)  # before the treaties: their columns are kept under it
    form = ComparisonForm.from_query(request.GET, drafts=previews_drafts(request.user))
    frame = fragments.comparison_frame(version=version, drafts=form.drafts)
    comparison = None
    if form.is_valid():
        comparison = fragments.page_comparison(
            treaties=form.cleaned_data["treaties"],
            topics=form.cleaned_data["topics"],
            every_topic=frame.topics,
            version=version,
            drafts=form.drafts,
        )
    ticked = form.ticked_slugs()
    choices = selectors.comparison_choices(
        frame,
        ticked=ticked,
        chosen=form.cleaned_data.get("treaties", ()),
        find=form.find_text(),
        drafts=form.drafts,
    )
    return render_page(
        request,
        "treaties/compare.html",
        {
            "form": form,
            "comparison": comparison,
            "alignments": fragments.compared_alignments(
                comparison.treaties, version=version, drafts=form.drafts
            )
            if comparison
            else [],
            "choices": choices,
            "ticked": ticked,
            "topic_choices": frame.topics,
            "ticked_topics": form["topics"].value() or [],
            "calibrations": selectors.calibrations(
                comparison.treaties if comparison else [], frame
            ),
        },
        partial="comparison",
        status=200 if comparison else 400,
    )


@require_safe
@throttled(PDFThrottle)
def compare_pdf(request):
    """The comparison as a PDF to print or cite: its permalink, the day it was made, the record
    version, and every source's address. A comparison that cannot be made is the page's 400."""
    form = ComparisonForm.from_query(request.GET, drafts=previews_drafts(request.user))
    if not form.is_valid():
        return compare(request)
    version = RecordVersion.current()  # before the rows, as what they were read from
    comparison = selectors.treaty_comparison(
        treaties=form.cleaned_data["treaties"],
        topics=form.cleaned_data["topics"],
        drafts=form.drafts,
    )
    return pdf_response(
        "treaties/compare_pdf.html",
        {"comparison": comparison, "sources": comparison.sources()},
        request=request,
        filename="-".join(treaty.slug for treaty in comparison.treaties),
        path=f"{reverse('treaties:compare')}?{form.query_string()}",
        version=version,
    )


@require_safe
@throttled(PDFThrottle)
def treaty_pdf(request, slug: str):
    """A treaty as a PDF to print or cite: its facts and every article with its wording where
    a source prints it, with the permalink, the day, the record version and every source."""
    version = RecordVersion.current()  # before the rows, as what they were read from
    treaty = get_object_or_404(
        selectors.treaty_record(drafts=previews_drafts(request.user)), slug=slug
    )
    context = {
        "treaty": treaty,
        "articles": sorted(treaty.clauses.all(), key=lambda clause: clause.order),
        "sources": selectors.treaty_sources(treaty),
    }
    return pdf_response(
        "treaties/treaty_pdf.html",
        context,
        request=request,
        filename=treaty.slug,
        path=treaty.get_absolute_url(),
        version=version,
    )


def embeddable(view):
    """A view other sites may frame: its own frame-ancestors (settings.EMBED_FRAME_ANCESTORS),
    where every other page keeps DENY and 'none'. The policy is the answer's own header, so a
    kept answer carries it too (django-csp leaves a header it finds)."""

    @wraps(view)
    def framed(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        frame_ancestors = {"frame-ancestors": settings.EMBED_FRAME_ANCESTORS}
        response["Content-Security-Policy"] = build_policy(replace=frame_ancestors)
        return response

    return xframe_options_exempt(require_safe(framed))


@embeddable
def embed_compare(request):
    """A comparison, compact and read-only, to frame on another site; published records only."""
    form = ComparisonForm.from_query(request.GET, drafts=False)
    comparison = None
    if form.is_valid():
        comparison = selectors.treaty_comparison(
            treaties=form.cleaned_data["treaties"], topics=form.cleaned_data["topics"]
        )
    query = f"?{form.query_string()}" if comparison else ""
    full_url = request.build_absolute_uri(reverse("treaties:compare") + query)
    return render(
        request,
        "treaties/embed_compare.html",
        {"form": form, "comparison": comparison, "full_url": full_url},
        status=200 if comparison else 400,
    )


@embeddable
def embed_treaty(request, slug: str):
    """A treaty's card, to frame on another site; published treaties only."""
    treaty = get_object_or_404(selectors.treaty_cards(drafts=False), slug=slug)
    full_url = request.build_absolute_uri(treaty.get_absolute_url())
    return render(request, "treaties/embed_treaty.html", {"treaty": treaty, "full_url": full_url})


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
    page = keyed_page_or_404(
        request, selectors.timeline_treaties(drafts=drafts), per_page=TREATIES_PER_PAGE
    )
    events = selectors.treaty_timeline(
        today=datetime.date.today(), treaties=list(page), drafts=drafts
    )
    chart = timeline_chart(events, rtl=get_language_bidi())
    return render(
        request,
        "treaties/timeline.html",
        {"timeline": events, "chart": chart, "steps": dated_steps(events), "page": page},
    )


@require_safe
def in_force(request):
    """Which treaties were in force on a day, and the gap when none was."""
    form = InForceForm(request.GET, today=datetime.date.today())
    answer = page = None
    if form.is_valid():
        day, drafts = form.cleaned_data["date"], previews_drafts(request.user)
        in_force = selectors.treaties_in_force(day, drafts=drafts)
        page = page_or_404(request, in_force, per_page=TREATIES_PER_PAGE)
        answer = selectors.in_force_on(
            day, shown=list(page), in_force_count=page.paginator.count, drafts=drafts
        )
    return render(
        request,
        "treaties/in_force.html",
        {"form": form, "answer": answer, "page": page},
        status=200 if answer else 400,
    )


@require_safe
def methodology(request):
    """What the obligation scale means, and the reason for each coding: one treaty's (?treaty=,
    where a comparison's coded cell links) or a page of every coded treaty's."""
    drafts = previews_drafts(request.user)
    coded_treaties = selectors.coded_treaties(drafts=drafts)
    page = treaty = None
    numbered_before = 0  # the codings of the pages before, which the list's numbers go on from
    if slug := request.GET.get("treaty"):  # empty, as a form's "any" sends it: every treaty
        if not is_slug(slug):
            raise Http404(_("No treaty is coded under that name."))
        treaty = get_object_or_404(coded_treaties, slug=slug)
        shown = [treaty]
    else:
        page = page_or_404(request, coded_treaties, per_page=CODED_TREATIES_PER_PAGE)
        shown = list(page)
        numbered_before = selectors.codings_before(first=page.start_index() - 1, drafts=drafts)
    return render(
        request,
        "treaties/methodology.html",
        {
            "levels": list(ObligationLevel),
            "treaty": treaty,
            "page": page,
            "first_number": numbered_before + 1,
            "codings": selectors.obligation_codings(treaties=shown, drafts=drafts),
            "atop_codes": selectors.atop_codes(drafts=drafts),
            "atop_categories": ATOP_CATEGORIES.values(),
        },
    )


@require_safe
def topic_list(request):
    topics = selectors.topic_list(drafts=previews_drafts(request.user))
    return render(request, "treaties/topic_list.html", {"topics": topics})


@require_safe
def topic_detail(request, slug: str):
    """Every article on one topic, across the treaties."""
    topic = get_object_or_404(Topic, slug=slug)
    treaties = selectors.topic_articles(topic, drafts=previews_drafts(request.user))
    return render(request, "treaties/topic_detail.html", {"topic": topic, "treaties": treaties})


@require_safe
def party_list(request):
    return render(request, "treaties/party_list.html", {"parties": selectors.party_record()})


@require_safe
def party_detail(request, slug: str):
    """A party's treaties (its reactions come from the reactions app, in the template)."""
    party = get_object_or_404(selectors.party_record(), slug=slug)
    treaties = selectors.party_treaties(party, drafts=previews_drafts(request.user))
    return render(request, "treaties/party_detail.html", {"party": party, "treaties": treaties})


@require_safe
def source_list(request):
    """Every source, with what cites it."""
    sources = selectors.source_citations(drafts=previews_drafts(request.user))
    return render(request, "treaties/source_list.html", {"sources": sources})


@require_safe
def about(request):
    text_kinds = [(kind.label, explanation) for kind, explanation in TEXT_KIND_EXPLANATIONS.items()]
    return render(request, "treaties/about.html", {"text_kinds": text_kinds})
