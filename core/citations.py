"""How to cite a page of the record: a plain reference, BibTeX, CSL-JSON and RIS, each with the
page's permanent address, the record's version and the day it was read.

The formats are written here (they are a few lines each); the tests read them back with real
parsers: bibtexparser, rispy, and the CSL-JSON schema.
"""

import datetime
import json
import re
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .releases import cited_record, written_day

# The media types and ?format= names the API answers a citation in.
CITATION_FORMATS = {
    "csl": "application/vnd.citationstyles.csl+json",
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
}

BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def one_line(text: str) -> str:
    """`text` with its line breaks and runs of spaces as single spaces: BibTeX's and RIS's
    fields are one line each."""
    return " ".join(text.split())


def bibtex_escaped(text: str) -> str:
    """`text` as a BibTeX field's content: on one line, its special characters escaped."""
    return BIBTEX_SPECIAL.sub(
        lambda match: {
            "\\": r"\textbackslash{}",
            # BibTeX counts braces whether escaped or not: these keep them balanced.
            "{": r"\textbraceleft{}",
            "}": r"\textbraceright{}",
            "^": r"\^{}",
            "~": r"\~{}",
        }.get(match[1], "\\" + match[1]),
        one_line(text),
    )


@dataclass(frozen=True)
class Citation:
    """What a reference to one page says. `key` names it in BibTeX and CSL-JSON."""

    key: str
    title: str
    url: str
    accessed: datetime.date
    version: str
    language: str
    publisher: str

    @property
    def year(self) -> int:
        return self.accessed.year

    def plain(self) -> str:
        return _("%(publisher)s. “%(title)s”. %(version)s. %(url)s (accessed %(accessed)s).") % {
            "publisher": self.publisher,
            "title": self.title,
            "version": self.version,
            "url": self.url,
            "accessed": written_day(self.accessed),
        }

    def bibtex(self) -> str:
        fields = {
            "author": "{" + bibtex_escaped(self.publisher) + "}",  # an institution, kept whole
            "title": "{" + bibtex_escaped(self.title) + "}",
            "year": str(self.year),
            "url": self.url,
            "urldate": self.accessed.isoformat(),
            "version": bibtex_escaped(self.version),
            "language": self.language,
            "note": bibtex_escaped(f"{self.version}. Accessed {self.accessed.isoformat()}."),
        }
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def csl(self) -> list[dict]:
        """A CSL-JSON document: a list of one item."""
        day = self.accessed
        return [
            {
                "id": self.key,
                "type": "webpage",
                "title": self.title,
                "author": [{"literal": self.publisher}],
                "publisher": self.publisher,
                "container-title": self.publisher,
                "URL": self.url,
                "accessed": {"date-parts": [[day.year, day.month, day.day]]},
                "version": self.version,
                "language": self.language,
            }
        ]

    def csl_json(self) -> str:
        return json.dumps(self.csl(), ensure_ascii=False, indent=2)

    def ris(self) -> str:
        lines = [
            ("TY", "ELEC"),
            ("TI", one_line(self.title)),
            ("AU", one_line(self.publisher)),
            ("PB", one_line(self.publisher)),
            ("PY", str(self.year)),
            ("Y2", self.accessed.strftime("%Y/%m/%d")),
            ("UR", self.url),
            ("ET", one_line(self.version)),
            ("LA", self.language),
            ("ER", ""),
        ]
        return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)

    def formats(self) -> list[tuple[str, str, str]]:
        """(name, label, text) of each format, for the Cite box."""
        return [
            ("plain", _("Reference"), self.plain()),
            ("bibtex", "BibTeX", self.bibtex()),
            ("csl", "CSL-JSON", self.csl_json()),
            ("ris", "RIS", self.ris()),
        ]


def citation(request, *, key: str, title: str, url: str) -> Citation:
    """The citation of the page at `url` (absolute), read today, by its permalink and the release
    or version of the record it shows (core.releases.cited_record)."""
    url, version = cited_record(request, url)
    return Citation(
        key=key,
        title=title,
        url=url,
        accessed=datetime.date.today(),
        version=version,
        language=get_language(),
        publisher=_("Moscow–Pyongyang treaties"),
    )
