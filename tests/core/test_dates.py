import datetime

import pytest
from django.utils import dateformat, translation
from django.utils.formats import date_format

from core.models import DatePrecision
from core.templatetags.dates import (
    FORMAT_BY_PRECISION,
    formatted_date,
    month_format,
    precise_date,
)

DAY = datetime.date(2024, 6, 19)
DECEMBER_30 = datetime.date(2024, 12, 30)


def test_a_date_is_written_in_the_language_of_the_page_each_time():
    """Written dates are kept for the pages that show them again: per language."""
    with translation.override("en"):
        english = precise_date(DAY, DatePrecision.DAY)
    with translation.override("ar"):
        arabic = precise_date(DAY, DatePrecision.DAY)
    with translation.override("en"):
        assert precise_date(DAY, DatePrecision.DAY) == english == "19 June 2024"
    assert "يونيو" in arabic or "حزيران" in arabic
    with translation.override("en"):
        assert precise_date(DAY, DatePrecision.MONTH) == "June 2024"
        assert precise_date(DAY, DatePrecision.YEAR) == "2024"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_date_is_written_as_django_writes_it(language):
    day = datetime.date(2023, 1, 1)
    with translation.override(language):
        while day.year < 2025:
            for precision, format_name in FORMAT_BY_PRECISION.items():
                assert precise_date(day, precision) == date_format(day, format_name)
            day += datetime.timedelta(days=1)


def test_the_dates_of_a_month_in_any_year_are_written_from_one_writing_of_the_month(monkeypatch):
    """A page of fifty treaties writes some 200 dates; a timeline page's are of months no page
    before it wrote."""
    formatted_date.cache_clear()
    month_format.cache_clear()
    written = []
    format_ = dateformat.format
    monkeypatch.setattr(dateformat, "format", lambda *args: written.append(args) or format_(*args))
    with translation.override("en"):
        june = [precise_date(datetime.date(1931, 6, day)) for day in range(1, 31)]
        other_junes = [precise_date(datetime.date(year, 6, 19)) for year in (5, 1961, 2024)]
    assert june[0] == "1 June 1931"
    assert june[29] == "30 June 1931"
    assert other_junes == ["19 June 0005", "19 June 1961", "19 June 2024"]
    assert len(written) == 1  # the month's name: its day and year are numbers


@pytest.fixture
def dates_written_anew():
    """No date written under another format is read back, before or after."""
    formatted_date.cache_clear()
    yield
    formatted_date.cache_clear()
    month_format.cache_clear()


@pytest.mark.parametrize(
    "written_as",
    [
        "l j F Y",
        "D, d M Y",
        "jS F Y",
        "o-m-d",
        r"\j\d j-d \\ F",
        "d.m.Y",
        "N j, Y",
        "d/m/y",
        "t F L",
    ],
)
@pytest.mark.parametrize("language", ["en", "ar"])
def test_any_format_is_written_as_django_writes_it(
    written_as, language, monkeypatch, dates_written_anew
):
    """Written from its month where only the day's and the year's numbers depend on the date;
    whole where a weekday, a suffix, an ISO year (2024-12-30 is in ISO year 2025), the days in
    the month or a leap year does."""
    monkeypatch.setitem(FORMAT_BY_PRECISION, DatePrecision.DAY, written_as)
    with translation.override(language):
        for day in (
            datetime.date(2024, 6, 9),
            datetime.date(2024, 2, 29),
            datetime.date(2023, 2, 28),
            datetime.date(1905, 3, 1),
            DECEMBER_30,
        ):
            assert precise_date(day) == dateformat.format(day, written_as)
        by_month = month_format(12, written_as, language)
    whole = any(character in written_as for character in "lDSotL")
    assert (by_month is None) == whole
