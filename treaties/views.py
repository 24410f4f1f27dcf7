from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def treaty_list(request):
    return render(request, "treaties/treaty_list.html", {"treaties": selectors.treaty_list()})


@require_GET
def treaty_detail(request, slug: str):
    treaty = get_object_or_404(selectors.treaty_record(), slug=slug)
    return render(request, "treaties/treaty_detail.html", {"treaty": treaty})
