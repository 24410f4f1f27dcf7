from urllib.parse import urlencode


def shareable_url(request) -> str:
    """The request's address without the empty parameters a form sends (`?party=&stance=x` is
    `?stance=x`): what the address bar shows, a reader shares and a search engine indexes."""
    query = [(key, value) for key, values in request.GET.lists() for value in values if value]
    return f"{request.path}?{urlencode(query)}" if query else request.path
