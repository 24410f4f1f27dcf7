import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.factories import EventFactory, TreatyFactory
from treaties import selectors
from treaties.models import Treaty
from treaties.timeline_chart import WIDTH, dated_steps, timeline_chart

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


def test_timeline_runs_from_1961_to_today_in_date_order(record):
    timeline = selectors.treaty_timeline(today=TODAY)
    assert timeline.start == datetime.date(1961, 7, 6)
    assert timeline.end == TODAY
    dates = [entry.date for entry in timeline.entries]
    assert dates == sorted(dates)


def test_timeline_has_the_treaties_lives_and_the_key_events(record):
    titles = [entry.title for entry in selectors.treaty_timeline(today=TODAY).entries]
    assert "2000 Russia–DPRK Treaty signed" in titles
    assert "2024 Comprehensive Strategic Partnership Treaty enters into force" in titles
    assert "1961 Soviet–DPRK Treaty ends: Lapsed (not renewed)" in titles
    assert "Putin in Pyongyang: his first visit to North Korea in 24 years" in titles
    assert "The State Duma ratifies the treaty" in titles
    # No source gives the 1961 entry into force, so the timeline does not invent one.
    assert "1961 Soviet–DPRK Treaty enters into force" not in titles


def test_every_entry_links_to_its_treaty(record):
    for entry in selectors.treaty_timeline(today=TODAY).entries:
        assert entry.url.startswith(entry.treaty.get_absolute_url() + "#")


def test_timeline_query_count_does_not_grow(django_assert_num_queries):
    EventFactory(treaty=TreatyFactory())
    with django_assert_num_queries(2):
        selectors.treaty_timeline(today=TODAY)
    EventFactory.create_batch(5, treaty=TreatyFactory())
    with django_assert_num_queries(2):
        selectors.treaty_timeline(today=TODAY)


def test_chart_draws_in_force_and_unknown_periods(record):
    chart = timeline_chart(selectors.treaty_timeline(today=TODAY))
    lanes = {lane.treaty.slug: lane for lane in chart.lanes}
    assert [bar.kind for bar in lanes["ussr-dprk-1961"].bars] == ["unknown"]
    assert [bar.kind for bar in lanes["russia-dprk-2000"].bars] == ["pending", "in_force"]
    for lane in chart.lanes:
        for bar in lane.bars:
            assert 0 <= bar.x <= bar.x + bar.width <= WIDTH + 1
    assert [tick.year for tick in chart.ticks] == list(range(1970, 2030, 10))


def test_chart_runs_right_to_left_for_arabic(record):
    timeline = selectors.treaty_timeline(today=TODAY)
    ltr, rtl = timeline_chart(timeline), timeline_chart(timeline, rtl=True)
    assert ltr.ticks[0].x == pytest.approx(WIDTH - rtl.ticks[0].x, abs=0.2)
    assert ltr.lanes[0].bars[0].x < ltr.lanes[-1].bars[0].x
    assert rtl.lanes[0].bars[0].x > rtl.lanes[-1].bars[0].x


def test_labels_near_the_edge_turn_back_into_the_chart(record):
    chart = timeline_chart(selectors.treaty_timeline(today=TODAY))
    lanes = {lane.treaty.slug: lane for lane in chart.lanes}
    assert lanes["ussr-dprk-1961"].label_anchor == "start"
    assert lanes["russia-dprk-2024"].label_anchor == "end"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_timeline_page_renders_with_unlocalized_coordinates(client, record, language):
    with translation.override(language):
        url = reverse("treaties:timeline")
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="0 0 1000 ' in html
    assert "٫" not in html.split("<svg")[1].split("</svg>")[0]
    assert f'href="/{language}/treaties/russia-dprk-2024/#event-pyongyang-summit-2024"' in html


def test_timeline_page_query_count(client, record, django_assert_num_queries):
    # The page's treaties counted, their keys, then their rows, their events, and the latest
    # release (the footer).
    with django_assert_num_queries(5):
        client.get(reverse("treaties:timeline"))


def test_a_long_record_is_drawn_fifty_treaties_a_page(client, record):
    TreatyFactory.create_batch(60, signed_on=datetime.date(1950, 1, 1))
    first = client.get("/en/timeline/")
    assert first.status_code == 200
    assert len(first.context["chart"].lanes) == 50
    assert 'rel="next" href="?page=2"' in first.content.decode()
    second = client.get("/en/timeline/", {"page": 2})
    lanes = [lane.treaty.slug for lane in second.context["chart"].lanes]
    assert lanes[-3:] == ["ussr-dprk-1961", "russia-dprk-2000", "russia-dprk-2024"]
    assert len(lanes) == 13
    html = second.content.decode()
    assert "Page 2 of 2" in html
    assert "2024 Comprehensive" in html


@pytest.mark.parametrize(
    "page", ["3", "0", "abc", "9" * 30, "", "-1", "\u200b2", "2" * 5000, "=1+1"]
)
def test_a_page_that_does_not_exist_is_a_404(client, record, page):
    assert client.get("/en/timeline/", {"page": page}).status_code == 404
    assert client.get("/en/", {"page": page}).status_code == 404


def test_steps_days_apart_share_one_mark_that_counts_them(record):
    timeline = selectors.treaty_timeline(today=TODAY)
    chart = timeline_chart(timeline)
    lanes = {lane.treaty.slug: lane for lane in chart.lanes}
    marks = lanes["russia-dprk-2024"].marks
    steps_2024 = [e for e in timeline.entries if e.treaty.slug == "russia-dprk-2024"]
    assert sum(mark.count for mark in marks) == len(steps_2024)
    assert any(mark.count > 1 for mark in marks)
    for lane in chart.lanes:
        gaps = [b.x - a.x for a, b in zip(lane.marks, lane.marks[1:], strict=False)]
        assert all(abs(gap) >= 16 for gap in gaps)  # no two marks overlap


def test_every_mark_links_to_its_first_step_in_the_list_and_names_its_steps(client, record):
    html = client.get(reverse("treaties:timeline")).content.decode()
    chart = html.split("<svg")[1].split("</svg>")[0]
    steps = html.split('<ol class="timeline">')[1]
    anchors = [part.split('"')[0] for part in chart.split('<a class="mark-link" href="#')[1:]]
    assert anchors
    for anchor in anchors:
        assert f'id="{anchor}"' in steps
    assert "19 June 2024: Putin in Pyongyang" in chart  # each mark's title names its steps
    assert 'role="img"' not in html.split("<svg")[1].split(">")[0]  # its links stay reachable


def test_the_chart_escapes_the_names_it_draws(client, record):
    treaty = TreatyFactory(short_title_en="Pact <b>A & B</b>", signed_on=datetime.date(1990, 5, 1))
    EventFactory(treaty=treaty, title_en='Summit "<script>"', date=datetime.date(1991, 2, 3))
    chart = client.get("/en/timeline/").content.decode().split("<svg")[1].split("</svg>")[0]
    assert "Pact &lt;b&gt;A &amp; B&lt;/b&gt;" in chart
    assert "Summit &quot;&lt;script&gt;&quot;" in chart
    assert "<b>" not in chart
    assert "<script>" not in chart


def test_a_page_of_the_timeline_reads_its_treaties_by_key(client, record):
    """The page is found among the keys, then only its treaties are read: the rows before it
    (an offset) are never loaded."""
    TreatyFactory.create_batch(60, signed_on=datetime.date(1950, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/timeline/", {"page": 2})
    assert [lane.treaty.slug for lane in response.context["chart"].lanes][-1] == "russia-dprk-2024"
    treaty_reads = [
        query["sql"] for query in queries if query["sql"].startswith('SELECT "treaties_treaty"')
    ]
    keys, rows = treaty_reads
    assert keys.startswith('SELECT "treaties_treaty"."id" AS "pk" FROM')
    assert "OFFSET 50" in keys
    assert '"treaties_treaty"."id" IN (' in rows
    assert "OFFSET" not in rows


def test_the_dated_list_heads_each_year_once_before_its_steps(record):
    timeline = selectors.treaty_timeline(today=TODAY)
    with translation.override("ar"):
        items = re.findall(r"<li [^>]*>.*?</li>", dated_steps(timeline))
    years = [item for item in items if 'class="timeline-year"' in item]
    steps = [item for item in items if 'class="timeline-entry' in item]
    assert [re.search(r'id="([^"]+)"', step).group(1) for step in steps] == [
        f"step-{index}" for index in range(len(timeline.entries))
    ]
    assert len(years) == len({entry.date.year for entry in timeline.entries})
    assert years[0] == (
        '<li class="timeline-year"><a href="/ar/in-force/?date=1961-12-31" '
        'aria-label="1961: ما كان ساريًا في نهاية السنة">1961</a></li>'
    )
    # Each year's heading comes right before its first step.
    for heading, following in itertools.pairwise(items):
        if 'class="timeline-year"' in heading:
            year = re.search(r">(\d{4})</a>", heading).group(1)
            assert f'datetime="{year}-' in following


def test_the_dated_list_escapes_what_it_shows(client, record):
    treaty = TreatyFactory(short_title_en="Pact <b>A & B</b>", signed_on=datetime.date(1990, 5, 1))
    EventFactory(treaty=treaty, title_en='Summit "<script>"', date=datetime.date(1991, 2, 3))
    steps = client.get("/en/timeline/").content.decode().split('<ol class="timeline">')[1]
    steps = steps.split("</ol>")[0]
    assert "Pact &lt;b&gt;A &amp; B&lt;/b&gt; signed" in steps
    assert "Summit &quot;&lt;script&gt;&quot;" in steps
    assert "<b>" not in steps
    assert "<script>" not in steps


def test_an_end_is_read_only_for_a_treaty_that_ended(record, monkeypatch):
    """Most treaties of a page have not ended: no end is written for them."""
    read_reasons = []
    end_reason = Treaty.get_end_reason_display
    monkeypatch.setattr(
        Treaty,
        "get_end_reason_display",
        lambda treaty: read_reasons.append(treaty.slug) or end_reason(treaty),
    )
    timeline = selectors.treaty_timeline(today=TODAY)
    ended = [entry.treaty.slug for entry in timeline.entries if entry.kind == "ended"]
    assert ended
    assert sorted(read_reasons) == sorted(ended)
