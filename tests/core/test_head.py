"""HEAD, as uptime checks and link checkers send it: every page, API answer and probe answers it
as it answers GET, without the body."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PATHS = [
    "/en/",
    "/ar/",
    "/en/treaties/russia-dprk-2024/",
    "/en/treaties/russia-dprk-2024/text/",
    "/en/treaties/russia-dprk-2024/articles/russia-dprk-2024-art-4/",
    "/en/compare/",
    "/en/compare/wording/?topic=mutual-defence&old=ussr-dprk-1961&new=russia-dprk-2024",
    "/en/timeline/",
    "/en/methodology/",
    "/en/reactions/",
    "/en/reactions/blinken-cho-call/",
    "/en/search/?q=treaty",
    "/api/v2/treaties/",
    "/healthz",
    "/readyz",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_page_answers_head_as_it_answers_get(record, path):
    client = Client()
    get = client.get(path)
    head = client.head(path)
    assert get.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_a_head_to_a_missing_page_is_404(record):
    assert Client().head("/en/treaties/no-such-treaty/").status_code == 404
