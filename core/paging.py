from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


def page_or_404(request, items, *, per_page: int) -> Page:
    """The page of `items` that ?page= names (the first without it); one that is not a whole
    number or past the end is a 404, like any URL that names nothing."""
    number = request.GET.get("page", "1")
    try:
        return Paginator(items, per_page).page(number)
    except InvalidPage:
        raise Http404(_("There is no page %(number)s.") % {"number": number[:20]}) from None


def keyed_page_or_404(request, items: QuerySet, *, per_page: int) -> Page:
    """page_or_404() that counts and pages the keys of `items`, then loads only the page's rows
    by key: the rows an offset skips are never read (an index holding the order and the key
    answers both from the index alone). A row gone between the two queries is left out."""
    page = page_or_404(request, items.values_list("pk", flat=True), per_page=per_page)
    loaded = items.in_bulk(list(page))
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    return page
