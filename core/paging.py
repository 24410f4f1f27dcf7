from django.core.paginator import InvalidPage, Page, Paginator
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
