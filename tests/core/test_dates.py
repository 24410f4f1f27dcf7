import datetime

from django.utils import translation

from core.models import DatePrecision
from core.templatetags.dates import precise_date

DAY = datetime.date(2024, 6, 19)


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
