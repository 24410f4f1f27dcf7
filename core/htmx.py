from django.shortcuts import render


def render_page(request, template_name: str, context: dict, *, partial: str, status: int = 200):
    """Render the whole page, or only its `partial` (the region htmx swaps) for an htmx request.

    Views using it should carry @vary_on_headers("HX-Request"): one URL, two bodies.
    """
    if request.htmx:
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context, status=status)
