from django.shortcuts import render
from django.template.loader import render_to_string

from .addresses import shareable_url
from .context_processors import links_to_languages


def render_page(
    request,
    template_name: str,
    context: dict,
    *,
    partial: str,
    status: int = 200,
    history: str | None = "push",
):
    """Render the whole page, or only its `partial` (the region htmx swaps) for an htmx request.
    The partial comes with what else the new address changes: the address itself, without empty
    parameters (pushed onto the history, or replacing its last entry: `history="replace"`), and
    the language switch pointing at it. `history=None`: a part loaded into the page, whose
    address stays.

    Views using it should carry @vary_on_headers("HX-Request"): one URL, two bodies.
    """
    if not request.htmx:
        return render(request, template_name, context, status=status)
    response = render(request, f"{template_name}#{partial}", context, status=status)
    if history is None:
        return response
    url = shareable_url(request)
    response.write(
        render_to_string(
            "_language_switch.html",
            {"language_links": links_to_languages(request, url), "swap_oob": True},
            request=request,
        )
    )
    response["HX-Push-Url" if history == "push" else "HX-Replace-Url"] = url
    return response
