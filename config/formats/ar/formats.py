# Day, month, year with no comma between month and year: 19 يونيو 2024 (Django's Arabic format
# puts an Arabic comma there, and a date then reads as two items of a list).
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j F Y"
