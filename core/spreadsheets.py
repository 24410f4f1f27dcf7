"""Files that spreadsheets open without running what curators or anyone else wrote.

A cell whose text starts with =, +, -, @, a tab or a carriage return is read by spreadsheet
programs as a formula (OWASP, "CSV Injection"). Every such text is written with a leading
apostrophe, which they show as text; a text that starts with an apostrophe gets one more, so the
escape can be undone exactly: an exported file imports back to the same values.
"""

from import_export.formats import base_formats

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def spreadsheet_safe(value):
    """`value` as a spreadsheet cell shows it and runs nothing."""
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, ESCAPE)):
        return ESCAPE + value
    return value


def from_spreadsheet(value):
    """The value spreadsheet_safe() wrote `value` for."""
    if isinstance(value, str) and value.startswith(ESCAPE):
        return value[len(ESCAPE) :]
    return value


def mapped(dataset, function):
    """A copy of the tablib `dataset` with `function` applied to every cell."""
    copy = dataset.__class__(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([function(cell) for cell in row])
    return copy


class SpreadsheetSafe:
    """An import-export format whose files escape formulas on export and undo it on import."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(mapped(dataset, spreadsheet_safe), **kwargs)

    def create_dataset(self, in_stream, **kwargs):
        return mapped(super().create_dataset(in_stream, **kwargs), from_spreadsheet)


class CSV(SpreadsheetSafe, base_formats.CSV):
    pass


class XLSX(SpreadsheetSafe, base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        # base_formats.XLSX.create_dataset takes no options.
        return mapped(base_formats.XLSX.create_dataset(self, in_stream), from_spreadsheet)


# The admin's import and export formats: JSON is no spreadsheet and keeps every value as it is.
FORMATS = [CSV, base_formats.JSON, XLSX]
