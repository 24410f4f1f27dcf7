"""Reads for the treaty pages and the API: each owns its joins and prefetches."""

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.compiled import NAMED_SLUGS, CompiledQuery, IsAnyOf
from core.models import DatePrecision
from core.search_vectors import search_queryset, search_vector_paths
from core.selectors import ChangeLogEntry, published_changes

from .diffing import WordDiff, word_diff
from .models import (
    ATOP_CATEGORIES,
    KIND_RANK,
    TEXT_LANGUAGES,
    Alignment,
    Clause,
    ClauseText,
    Event,
    ObligationLevel,
    Party,
    Signatory,
    Source,
    Topic,
    TopicNote,
    Treaty,
)


def clause_texts() -> Prefetch:
    """The prefetch of an article's texts with their sources (1 query, whatever their number)."""
    return Prefetch("texts", queryset=ClauseText.objects.select_related("source"))


def treaty_chronology(*, drafts: bool = False) -> QuerySet[Treaty]:
    """Treaties in signing order, without their relations: what the timeline draws. 1 query.
    `drafts` (a curator's preview) adds the unpublished ones, here and in every selector below."""
    return Treaty.objects.visible(drafts=drafts).chronological().without_search_vectors()


@functools.cache
def named_treaties(*, drafts: bool = False) -> CompiledQuery:
    """treaty_chronology()'s treaties whose slug is any of NAMED_SLUGS: those a form names
    (core.forms.SlugMultipleChoiceField), in a query compiled once a process. 1 query."""
    return CompiledQuery(treaty_chronology(drafts=drafts).filter(IsAnyOf(F("slug"), NAMED_SLUGS)))


def treaty_cards(*, drafts: bool = False) -> QuerySet[Treaty]:
    """Treaties in signing order with what a card shows (their parties). 2 queries, whatever
    the number of treaties."""
    return treaty_chronology(drafts=drafts).prefetch_related("parties")


def treaty_list(*, drafts: bool = False) -> QuerySet[Treaty]:
    """The record's treaties in signing order with their parties. 2 queries."""
    return treaty_cards(drafts=drafts).of_record()


def reference_treaties(*, drafts: bool = False) -> QuerySet[Treaty]:
    """The reference treaties in signing order with their parties. 2 queries."""
    return treaty_cards(drafts=drafts).references()


# What the timeline shows of a treaty: its name, link and dates (its texts are left unread).
TIMELINE_TREATY_FIELDS = (
    "slug", "short_title", "signed_on", "entry_into_force", "ended_on", "end_reason", "publication",
)  # fmt: skip
TIMELINE_EVENT_FIELDS = ("slug", "treaty", "kind", "date", "date_precision", "title")


def timeline_treaties(*, drafts: bool = False) -> QuerySet[Treaty]:
    """The treaties the timeline draws: the record's, not the references. 1 query."""
    return treaty_chronology(drafts=drafts).of_record().only(*TIMELINE_TREATY_FIELDS)


def with_treaty_relations(treaties: QuerySet[Treaty], *, drafts: bool) -> QuerySet[Treaty]:
    """The relations every view of a treaty shows: predecessor, parties, sources, successors,
    and signatories with their party and sources. 7 queries beyond the treaties.
    The predecessor and successors pass the reader's visibility too: a draft that a published
    treaty replaces is no more shown through it than on its own (`replaces` is then None)."""
    visible = Treaty.objects.visible(drafts=drafts).without_search_vectors()
    return treaties.without_search_vectors().prefetch_related(
        "parties",
        "sources",
        Prefetch("replaces", queryset=visible),
        Prefetch("replaced_by", queryset=visible),
        Prefetch(
            "signatories",
            queryset=Signatory.objects.select_related("party").prefetch_related("sources"),
        ),
    )


def treaty_record(*, drafts: bool = False) -> QuerySet[Treaty]:
    """Treaties with everything their page shows but its reactions (the reactions app adds
    those): the relations of with_treaty_relations(), and clauses (topics, sources, quoted
    source), topic notes and events. 14 queries for one treaty, whatever the number of clauses.
    """
    treaties = Treaty.objects.visible(drafts=drafts)
    return with_treaty_relations(treaties, drafts=drafts).prefetch_related(
        Prefetch(
            "clauses",
            queryset=Clause.objects.visible(drafts=drafts)
            .without_search_vectors()
            .prefetch_related("topics", "sources", clause_texts()),
        ),
        Prefetch(
            "topic_notes",
            queryset=TopicNote.objects.select_related("topic").prefetch_related("sources"),
        ),
        Prefetch("events", queryset=Event.objects.prefetch_related("sources")),
    )


def by_publisher(cited: Iterable[Source]) -> list[Source]:
    """Each of the `cited` sources once, by publisher and title: a document's list of sources."""
    unique = {source.pk: source for source in cited}
    return sorted(unique.values(), key=lambda source: (source.publisher, source.title))


def treaty_sources(treaty: Treaty) -> list[Source]:
    """Every source treaty_record() holds for a treaty (its own, its signatories', articles',
    their texts', notes' and events'), once each and by publisher. No query."""
    clauses = list(treaty.clauses.all())
    return by_publisher(
        [
            *treaty.sources.all(),
            *(source for signer in treaty.signatories.all() for source in signer.sources.all()),
            *(source for clause in clauses for source in clause.sources.all()),
            *(text.source for clause in clauses for text in clause.texts.all()),
            *(source for note in treaty.topic_notes.all() for source in note.sources.all()),
            *(source for event in treaty.events.all() for source in event.sources.all()),
        ]
    )


def default_comparison_slugs(*, drafts: bool = False) -> list[str]:
    """The slugs of the newest treaty that replaced another and of the ones before it (at most
    three, oldest first): 1961, 2000 and 2024 in the real record. 1 query."""
    treaty = (
        Treaty.objects.visible(drafts=drafts)
        .of_record()
        .filter(replaces__isnull=False)
        .select_related("replaces__replaces")
        # What the chain needs: every column of three treaties costs more to compile than to read.
        .only(
            "slug",
            "publication",
            "replaces__slug",
            "replaces__publication",
            "replaces__replaces__slug",
            "replaces__replaces__publication",
        )
        .order_by("-signed_on", "slug")
        .first()
    )
    chain = []
    while treaty is not None and (drafts or not treaty.is_draft):
        chain.append(treaty.slug)
        if len(chain) == 3:
            break
        treaty = treaty.replaces
    return chain[::-1]


@dataclass(frozen=True)
class Calibration:
    """A reference treaty set beside the record's newest treaty, on the topics it is held for."""

    treaty: Treaty
    reference: Treaty
    topics: list[str]

    @property
    def query(self) -> str:
        treaties = [self.treaty.slug, self.reference.slug]
        return urlencode({"treaties": treaties, "topics": self.topics}, doseq=True)


# The comparison form offers every treaty while there are this few; beyond, the ticked ones, the
# default comparison and up to FOUND_TREATIES matching what the reader looks for.
FEW_TREATIES = 12
FOUND_TREATIES = 20


@dataclass(frozen=True)
class ComparisonFrame:
    """What a comparison page shows whatever it compares: every topic in order, the treaties to
    tick while there are few (`first`: up to FEW_TREATIES + 1) and their number, the default
    comparison's treaties beyond that (`defaults`, offered to tick on every page), and each
    reference treaty with the topics it is held for (slugs, in topic order)."""

    topics: list[Topic]
    first: list[Treaty]
    total: int
    defaults: list[Treaty]
    references: list[tuple[Treaty, list[str]]]


def comparison_frame(*, drafts: bool = False) -> ComparisonFrame:
    """The comparison pages' frame. 4 queries for a short record; 7 beyond it."""
    visible = treaty_chronology(drafts=drafts)
    first = list(visible[: FEW_TREATIES + 1])
    if len(first) <= FEW_TREATIES:
        total, defaults = len(first), []
    else:
        total = visible.count()
        defaults = list(visible.filter(slug__in=default_comparison_slugs(drafts=drafts)))
    references = list(visible.references())
    topics: dict[int, list[str]] = {treaty.pk: [] for treaty in references}
    held = (
        Clause.objects.visible(drafts=drafts)
        .filter(treaty__in=references, topics__isnull=False)
        .order_by("topics__order")
        .values_list("treaty", "topics__slug")
    )
    for treaty_pk, slug in held:
        if slug not in topics[treaty_pk]:
            topics[treaty_pk].append(slug)
    return ComparisonFrame(
        comparison_topics(),
        first,
        total,
        defaults,
        [(treaty, topics[treaty.pk]) for treaty in references],
    )


def calibrations(compared: Sequence[Treaty], frame: ComparisonFrame) -> list[Calibration]:
    """How to set each reference treaty beside the newest of the record's `compared` treaties.
    No query."""
    newest = next((treaty for treaty in reversed(compared) if not treaty.reference), None)
    if newest is None:
        return []
    return [Calibration(newest, reference, topics) for reference, topics in frame.references]


@dataclass(frozen=True)
class TreatyChoices:
    treaties: list[Treaty]
    total: int

    @property
    def is_partial(self) -> bool:
        return len(self.treaties) < self.total


def comparison_choices(
    frame: ComparisonFrame,
    *,
    ticked: Sequence[str],
    chosen: Sequence[Treaty] = (),
    find: str,
    drafts: bool = False,
) -> TreatyChoices:
    """The treaties the comparison form offers to tick, oldest first: the `ticked` ones, the
    default comparison's and those `find` finds. No query for a short record; beyond it, none for
    the ticked treaties the form has read already (`chosen`), else 1, and 1 more with `find`."""
    if frame.total <= FEW_TREATIES:
        return TreatyChoices(frame.first, frame.total)
    visible = treaty_chronology(drafts=drafts)
    offered = {treaty.pk: treaty for treaty in [*frame.defaults, *chosen]}
    unread = set(ticked) - {treaty.slug for treaty in offered.values()}
    if unread:
        offered |= {treaty.pk: treaty for treaty in visible.filter(slug__in=unread)}
    if find:
        found = search_queryset(visible, text=find, candidates=FOUND_TREATIES * 5)
        offered |= {t.pk: t for t in found[:FOUND_TREATIES]}
    treaties = sorted(offered.values(), key=lambda treaty: (treaty.signed_on, treaty.slug))
    return TreatyChoices(treaties, frame.total)


@dataclass(frozen=True)
class ComparisonCell:
    """What one treaty says on one topic: its clauses, or what the sources note in their absence."""

    treaty: Treaty
    clauses: list[Clause]
    note: TopicNote | None

    @property
    def obligation(self) -> ObligationLevel | None:
        levels = [c.obligation_level for c in self.clauses if c.obligation_level is not None]
        if not levels and self.note is not None:
            levels = [self.note.obligation_level] if self.note.obligation_level is not None else []
        return ObligationLevel(max(levels)) if levels else None

    @property
    def coded_by(self) -> Clause | TopicNote | None:
        """The article that gives the cell its obligation level (the strongest), or the note
        where no article speaks to the topic: the methodology page justifies it."""
        coded = [c for c in self.clauses if c.obligation_level is not None]
        if coded:
            return max(coded, key=lambda clause: clause.obligation_level)
        if self.note is not None and self.note.obligation_level is not None:
            return self.note
        return None

    @property
    def is_empty(self) -> bool:
        return not self.clauses and self.note is None

    @property
    def wordings(self) -> frozenset[tuple[str, str]] | None:
        """The (language, kind) of the texts a source gives of every one of its articles;
        None without articles."""
        if not self.clauses:
            return None
        return frozenset.intersection(
            *(
                frozenset(
                    (text.language, text.kind) for text in clause.texts.all() if text.is_quote
                )
                for clause in self.clauses
            )
        )


def shared_wording(*cells) -> tuple[str, str] | None:
    """The (language, kind) in which every article of every cell has a source's text, the
    reader's language first, then English, then by authority: a word diff compares only texts
    of one language and one kind, never summaries. None when the cells have none in common.
    `cells`: ComparisonCells, or cells kept with their `wordings`."""
    wordings = [cell.wordings for cell in cells]
    if any(held is None for held in wordings):
        return None
    shared = frozenset.intersection(*wordings)
    language = get_language()
    return min(
        shared or (),
        key=lambda key: (key[0] != language, key[0] != "en", KIND_RANK[key[1]], key),
        default=None,
    )


@dataclass(frozen=True)
class ComparisonRow:
    topic: Topic
    cells: list[ComparisonCell]

    @property
    def wording_pairs(self) -> list[tuple[Treaty, Treaty]]:
        """Every pair of compared treaties (older first) whose articles on this topic have texts
        in a shared language and kind, for a word diff."""
        return [
            (old.treaty, new.treaty)
            for old, new in combinations(self.cells, 2)
            if shared_wording(old, new) is not None
        ]


@dataclass(frozen=True)
class Comparison:
    treaties: list[Treaty]
    rows: list[ComparisonRow]

    @property
    def title(self) -> str:
        """What it is called in its page's title, link previews and references."""
        names = _(", ").join(treaty.short_title for treaty in self.treaties)
        return _("Compare: %(treaties)s") % {"treaties": names}

    @property
    def citation_key(self) -> str:
        return "compare-" + "-".join(treaty.slug for treaty in self.treaties)

    @property
    def clauses(self) -> list[Clause]:
        """Every clause the rows show, once each (a clause may speak to several topics)."""
        cells = (cell for row in self.rows for cell in row.cells)
        return list({clause.pk: clause for cell in cells for clause in cell.clauses}.values())

    def sources(self) -> list[Source]:
        """Every source the rows cite, for articles' facts, their texts or the notes, once each
        and by publisher. Reads the prefetched rows: no query."""
        notes = [cell.note for row in self.rows for cell in row.cells if cell.note]
        return by_publisher(
            [
                *(source for clause in self.clauses for source in clause.sources.all()),
                *(text.source for clause in self.clauses for text in clause.texts.all()),
                *(source for note in notes for source in note.sources.all()),
            ]
        )

    def strongest_obligations(self) -> list[tuple[Treaty, ObligationLevel | None]]:
        """Each treaty's strongest defence obligation across the rows that measure one."""
        strongest = []
        for index, treaty in enumerate(self.treaties):
            levels = [
                row.cells[index].obligation
                for row in self.rows
                if row.topic.measures_obligation and row.cells[index].obligation is not None
            ]
            strongest.append((treaty, max(levels) if levels else None))
        return strongest

    def strongest_codings(self) -> list[tuple[Treaty, ComparisonCell | None]]:
        """Each treaty's cell with its strongest defence obligation across the rows that
        measure one (the glance box), so it can name and link the article behind it."""
        strongest = []
        for index, treaty in enumerate(self.treaties):
            cells = [
                row.cells[index]
                for row in self.rows
                if row.topic.measures_obligation and row.cells[index].obligation is not None
            ]
            strongest.append((treaty, max(cells, key=lambda cell: cell.obligation, default=None)))
        return strongest


def comparison_topics() -> list[Topic]:
    """Every topic, in the order comparisons show them. 1 query."""
    return list(Topic.objects.all())


@dataclass(frozen=True)
class ComparisonColumn:
    """One treaty's part of a comparison: its cell on each topic it speaks to (by topic pk),
    and its cell on the others. Cells are ComparisonCells, or what the answers keep of them
    (treaties.fragments)."""

    cells: dict
    empty: object


def comparison_of_columns(
    treaties: Sequence[Treaty],
    topics: Sequence,
    columns: dict[int, ComparisonColumn],
    *,
    chosen: bool,
) -> Comparison:
    """The comparison of `treaties` (oldest first) on `topics` (in order) from their columns (by
    treaty pk): every topic `chosen` by the reader, or else those on which at least one treaty
    says something. No query."""
    rows = []
    for topic in topics:
        held = [columns[treaty.pk].cells.get(topic.pk) for treaty in treaties]
        if chosen or any(cell is not None for cell in held):
            cells = [
                columns[treaty.pk].empty if cell is None else cell
                for treaty, cell in zip(treaties, held, strict=True)
            ]
            rows.append(ComparisonRow(topic=topic, cells=cells))
    return Comparison(treaties=list(treaties), rows=rows)


def treaty_comparison(
    *, treaties: Sequence[Treaty], topics: Sequence[Topic] | None = None, drafts: bool = False
) -> Comparison:
    """The topic-by-treaty matrix of the comparison page and API, treaties oldest first.

    Without `topics`, every topic on which at least one treaty says something, in topic order.
    6 queries (5 when topics are given), whatever the number of treaties, topics or clauses.
    """
    treaties = sorted(treaties, key=lambda treaty: (treaty.signed_on, treaty.slug))
    chosen = topics is not None
    clauses = list(
        Clause.objects.visible(drafts=drafts)
        .filter(treaty__in=treaties)
        .without_search_vectors()
        .prefetch_related("topics", "sources", clause_texts())
        .order_by("order")
    )
    # Each clause's treaty is one of those compared: given, not loaded again for every clause.
    treaties_by_pk = {treaty.pk: treaty for treaty in treaties}
    for clause in clauses:
        clause.treaty = treaties_by_pk[clause.treaty_id]
    notes = {
        (note.treaty_id, note.topic_id): note
        for note in TopicNote.objects.filter(treaty__in=treaties).prefetch_related("sources")
    }
    for note in notes.values():
        note.treaty = treaties_by_pk[note.treaty_id]
    columns = {
        treaty.pk: ComparisonColumn({}, ComparisonCell(treaty, [], None)) for treaty in treaties
    }
    clauses_by_key: dict[tuple[int, int], list[Clause]] = {}
    for clause in clauses:
        for topic in clause.topics.all():
            clauses_by_key.setdefault((clause.treaty_id, topic.pk), []).append(clause)
    topics = list(topics if topics is not None else comparison_topics())
    for topic in topics:
        for treaty in treaties:
            note = notes.get((treaty.pk, topic.pk))
            said = clauses_by_key.get((treaty.pk, topic.pk), [])
            if note is not None:
                note.topic = topic  # loaded here, not again for the note
            if said or note is not None:
                columns[treaty.pk].cells[topic.pk] = ComparisonCell(treaty, said, note)
    return comparison_of_columns(treaties, topics, columns, chosen=chosen)


def alignment_record(*, drafts: bool = False) -> QuerySet[Alignment]:
    """Alignments with what the pages show of them: both treaties and articles, and sources.
    2 queries."""
    return (
        Alignment.objects.visible(drafts=drafts)
        .select_related("old_treaty", "new_treaty", "old_clause__treaty", "new_clause__treaty")
        .without_search_vectors()
        .prefetch_related("sources")
    )


def aligned_articles(*, clause: Clause, drafts: bool = False) -> list[Alignment]:
    """How `clause` corresponds to articles of other treaties, older first. 2 queries."""
    return list(alignment_record(drafts=drafts).filter(Q(old_clause=clause) | Q(new_clause=clause)))


def alignments_of_treaties(treaty_pks: Sequence[int], *, drafts: bool = False) -> list[Alignment]:
    """Every alignment of an article of any of `treaty_pks` with another treaty's. 2 queries."""
    return list(
        alignment_record(drafts=drafts).filter(
            Q(old_treaty__in=treaty_pks) | Q(new_treaty__in=treaty_pks)
        )
    )


def in_alignment_order(alignments: Iterable[Alignment]) -> list[Alignment]:
    """`alignments` in the order the model gives them (older treaties first, then the old
    article's order, articles absent last), each once."""
    unique = {alignment.pk: alignment for alignment in alignments}
    return sorted(
        unique.values(),
        key=lambda alignment: (
            alignment.old_treaty.signed_on,
            alignment.new_treaty.signed_on,
            alignment.old_clause is None,
            alignment.old_clause.order if alignment.old_clause else 0,
            alignment.pk,
        ),
    )


def cell_texts(cell: ComparisonCell, language: str, kind: str) -> list[ClauseText]:
    """Each article's first text of `language` and `kind`, in article order."""
    return [
        next(text for text in clause.texts.all() if (text.language, text.kind) == (language, kind))
        for clause in cell.clauses
    ]


@dataclass(frozen=True)
class WordingComparison:
    """Two treaties' wording on one topic, word by word, from texts of one language and kind;
    without such texts (`diff` None), the two sides' summaries, labelled as such."""

    topic: Topic
    old: ComparisonCell
    new: ComparisonCell
    old_texts: list[ClauseText]
    new_texts: list[ClauseText]
    diff: WordDiff | None

    @property
    def sides(self) -> list[ComparisonCell]:
        return [self.old, self.new]

    @property
    def text(self) -> ClauseText | None:
        """One of the texts compared, for their language and kind."""
        return next(iter(self.old_texts), None)

    @property
    def has_part_texts(self) -> bool:
        """Whether a side's source prints only part of an article: words missing there are
        the source's gap, not the treaty's change."""
        return not all(text.complete for text in [*self.old_texts, *self.new_texts])


def topic_wording_comparison(
    *, topic: Topic, old_treaty: Treaty, new_treaty: Treaty, drafts: bool = False
) -> WordingComparison:
    """The words `new_treaty` adds and drops against `old_treaty` on `topic`. 6 queries."""
    comparison = treaty_comparison(treaties=[old_treaty, new_treaty], topics=[topic], drafts=drafts)
    cells = {cell.treaty.pk: cell for cell in comparison.rows[0].cells}
    old, new = cells[old_treaty.pk], cells[new_treaty.pk]
    shared = shared_wording(old, new)
    if shared is None:
        return WordingComparison(topic, old, new, [], [], None)
    old_texts, new_texts = cell_texts(old, *shared), cell_texts(new, *shared)
    diff = word_diff(
        "\n".join(text.text for text in old_texts), "\n".join(text.text for text in new_texts)
    )
    return WordingComparison(topic, old, new, old_texts, new_texts, diff)


@dataclass(frozen=True)
class FullTextArticle:
    """One article of a treaty as its full text lists it: the article held (None for a number
    no source gives the content of) and, for each language read, its text in it (or None)."""

    number: str
    clause: Clause | None
    texts: list[tuple[str, ClauseText | None]]

    @property
    def anchor(self) -> str:
        if self.clause is not None and not self.number:
            return f"provision-{self.clause.order}"
        return f"article-{self.number.casefold()}"

    @property
    def has_text(self) -> bool:
        return any(text is not None for _language, text in self.texts)


def text_languages(treaty: Treaty) -> list[str]:
    """The languages any article of `treaty` has a text in, in TEXT_LANGUAGES order. Reads
    treaty_record()'s prefetch."""
    held = {text.language for clause in treaty.clauses.all() for text in clause.texts.all()}
    return [code for code, _name in TEXT_LANGUAGES if code in held]


def best_text(clause: Clause, language: str) -> ClauseText | None:
    """The clause's most authoritative text in `language` (its own translation last)."""
    texts = [text for text in clause.texts.all() if text.language == language]
    return min(texts, key=lambda text: (KIND_RANK[text.kind], text.pk), default=None)


def treaty_full_text(treaty: Treaty, languages: Sequence[str]) -> list[FullTextArticle]:
    """The treaty as a document: its named parts (the preamble), then its numbered articles,
    each with its text in `languages`, and every number up to its (sourced) article count that
    no source gives the content of; then the provisions whose number no source gives. No
    queries: it reads treaty_record()'s prefetch."""
    clauses = sorted(treaty.clauses.all(), key=lambda clause: clause.order)

    def article(number: str, clause: Clause | None) -> FullTextArticle:
        texts = [(code, best_text(clause, code) if clause else None) for code in languages]
        return FullTextArticle(number, clause, texts)

    def is_numbered(clause: Clause) -> bool:  # "4", not "04", "²" or "Preamble"
        return clause.number.isascii() and clause.number.isdigit() and clause.number[0] != "0"

    numbered = {int(c.number): c for c in clauses if is_numbered(c)}
    # A reference treaty is held for its guarantee only: its other articles are not missing.
    counted = 0 if treaty.reference else treaty.article_count or 0
    numbers = sorted(set(numbered) | set(range(1, counted + 1)))
    return [
        *(article(c.number, c) for c in clauses if c.number and not is_numbered(c)),
        *(article(str(number), numbered.get(number)) for number in numbers),
        *(article("", c) for c in clauses if not c.number),
    ]


@dataclass(frozen=True)
class TimelineEntry:
    """One dated step: a treaty signed, in force or ended, or one of its events. Its title is
    plain text, escaped wherever it is written (treaties.timeline_chart), even if marked safe."""

    date: datetime.date
    precision: str
    kind: str
    title: str
    treaty: Treaty
    url: str  # where the treaty's page tells of it


@dataclass(frozen=True)
class Timeline:
    treaties: list[Treaty]
    entries: list[TimelineEntry]
    start: datetime.date
    end: datetime.date


def milestone_titles() -> dict[str, str]:
    """The title of each kind of milestone, in the active language, with the treaty's name (and
    an end's reason) to put in: translated once for a page of treaties."""
    return {
        "signed": _("%(treaty)s signed"),
        "in_force": _("%(treaty)s enters into force"),
        "ended": _("%(treaty)s ends: %(reason)s"),
    }


def treaty_milestones(treaty: Treaty, *, url: str, titles: dict[str, str]) -> list[TimelineEntry]:
    """The dates a treaty carries itself: signed, in force, ended (those the sources give).
    `url`: the treaty's page; `titles`: milestone_titles(). An end's reason is read only for a
    treaty that has ended, as most of a page's have not (bench/README.md)."""
    named = {"treaty": treaty.short_title}
    if treaty.ended_on:
        named["reason"] = treaty.get_end_reason_display()
    dated = [
        ("signed", treaty.signed_on),
        ("in_force", treaty.entry_into_force),
        ("ended", treaty.ended_on),
    ]
    return [
        TimelineEntry(day, DatePrecision.DAY, kind, titles[kind] % named, treaty, f"{url}#facts")
        for kind, day in dated
        if day is not None
    ]


def treaty_timeline(
    *, today: datetime.date, treaties: Sequence[Treaty] | None = None, drafts: bool = False
) -> Timeline:
    """The lives and events of `treaties` (every visible treaty without it), in date order, up
    to `today`. 2 queries, 1 when the treaties are given."""
    if treaties is None:
        treaties = timeline_treaties(drafts=drafts)
    treaties = list(treaties)
    by_pk = {treaty.pk: treaty for treaty in treaties}
    urls = {treaty.pk: treaty.get_absolute_url() for treaty in treaties}
    titles = milestone_titles()
    entries = [
        entry
        for treaty in treaties
        for entry in treaty_milestones(treaty, url=urls[treaty.pk], titles=titles)
    ]
    events = Event.objects.visible(drafts=drafts).filter(treaty__in=treaties)
    for event in events.only(*TIMELINE_EVENT_FIELDS):
        entries.append(
            TimelineEntry(
                event.date,
                event.date_precision,
                event.kind,
                event.title,
                by_pk[event.treaty_id],
                f"{urls[event.treaty_id]}#event-{event.slug}",
            )
        )
    entries.sort(key=lambda entry: (entry.date, entry.kind != "signed"))
    start = min((entry.date for entry in entries), default=today)
    return Timeline(treaties=treaties, entries=entries, start=start, end=today)


@dataclass(frozen=True)
class TreatyInForce:
    treaty: Treaty
    defence: ComparisonCell | None  # the cell of its strongest defence obligation

    @property
    def obligation_article(self) -> Clause | None:
        coded_by = self.defence.coded_by if self.defence else None
        return coded_by if isinstance(coded_by, Clause) else None


@dataclass(frozen=True)
class InForce:
    """The record on one day: the treaties in force (or a page of them) with their defence
    obligations, how many were in force, those signed and not yet in force, and, when none was
    in force, the treaty that had ended last and the next to enter into force (the gap between
    them)."""

    day: datetime.date
    treaties: list[TreatyInForce]
    signed: list[Treaty]
    in_force_count: int = 0
    ended_before: Treaty | None = None
    in_force_after: Treaty | None = None

    @property
    def is_gap(self) -> bool:
        """No treaty in force on a day after an earlier one had ended."""
        return not self.treaties and self.ended_before is not None


def _record_with_successions(*, drafts: bool) -> QuerySet[Treaty]:
    """The record's own treaties in signing order, each with what it replaced and what
    replaced it. 3 queries."""
    return (
        treaty_chronology(drafts=drafts)
        .of_record()
        .prefetch_related(
            Prefetch("replaces", queryset=treaty_chronology(drafts=drafts)),
            Prefetch("replaced_by", queryset=treaty_chronology(drafts=drafts)),
        )
    )


def treaties_in_force(day: datetime.date, *, drafts: bool = False) -> QuerySet[Treaty]:
    """The record's treaties in force on `day`, by the rule of Treaty.status_on (a treaty that
    has ended but whose entry into force no source dates counts as in force from its signing),
    in signing order, with what each replaced and what replaced it. 3 queries (and 1 to count
    them when paged)."""
    return _record_with_successions(drafts=drafts).filter(
        Treaty.status_condition(Treaty.Status.IN_FORCE, day), signed_on__lte=day
    )


def in_force_on(
    day: datetime.date,
    *,
    shown: Sequence[Treaty] | None = None,
    in_force_count: int | None = None,
    drafts: bool = False,
) -> InForce:
    """What the record's treaties were on `day`, as far as the reader may see them: `shown`,
    the treaties of treaties_in_force() to give with their defence obligations (a page of
    them, of `in_force_count` in all), or all of them. At most 13 queries when a treaty was in
    force, 11 when none was; 3 fewer when `shown` is given."""
    if shown is None:
        shown = list(treaties_in_force(day, drafts=drafts))
    if in_force_count is None:
        in_force_count = len(shown)
    signed = list(
        _record_with_successions(drafts=drafts).filter(
            Treaty.status_condition(Treaty.Status.SIGNED, day), signed_on__lte=day
        )
    )
    if shown:
        defence = Topic.objects.filter(measures_obligation=True)
        comparison = treaty_comparison(treaties=shown, topics=defence, drafts=drafts)
        in_force = [TreatyInForce(*coded) for coded in comparison.strongest_codings()]
        return InForce(day, in_force, signed, in_force_count=in_force_count)
    record = _record_with_successions(drafts=drafts)
    later = record.filter(Q(signed_on__gt=day) | Q(entry_into_force__gt=day))
    return InForce(
        day,
        [],
        signed,
        ended_before=record.filter(signed_on__lte=day, ended_on__lte=day)
        .order_by("-ended_on", "slug")
        .first(),
        in_force_after=later.first(),
    )


@dataclass(frozen=True)
class TopicGroup:
    """A treaty's articles on one topic: shown in full here, or pointed to (see_also) when they
    are shown in full under an earlier topic."""

    topic: Topic | None
    clauses: list[Clause]
    see_also: list[Clause]
    note: TopicNote | None


def treaty_clauses_by_topic(treaty: Treaty) -> list[TopicGroup]:
    """The clauses of a treaty from treaty_record(), grouped by topic in topic order, then the
    clauses with no topic. No queries: it reads what treaty_record() prefetched."""
    clauses = sorted(treaty.clauses.all(), key=lambda clause: clause.order)
    notes = {note.topic_id: note for note in treaty.topic_notes.all()}
    topics = {topic.pk: topic for clause in clauses for topic in clause.topics.all()}
    topics |= {note.topic_id: note.topic for note in notes.values()}

    groups, shown = [], set()
    for topic in sorted(topics.values(), key=lambda topic: topic.order):
        on_topic = [c for c in clauses if topic in c.topics.all()]
        groups.append(
            TopicGroup(
                topic=topic,
                clauses=[c for c in on_topic if c.pk not in shown],
                see_also=[c for c in on_topic if c.pk in shown],
                note=notes.get(topic.pk),
            )
        )
        shown.update(c.pk for c in on_topic)
    untagged = [c for c in clauses if c.pk not in shown]
    if untagged:
        groups.append(TopicGroup(topic=None, clauses=untagged, see_also=[], note=None))
    return groups


@dataclass(frozen=True)
class TreatyOnTopic:
    """One treaty's articles on a topic, or the sources' note where it has none."""

    treaty: Treaty
    clauses: list[Clause]
    note: TopicNote | None


def topic_list(*, drafts: bool = False) -> QuerySet[Topic]:
    """Every topic in order, with how many articles the reader may see speak to it. 1 query."""
    clauses = Clause.objects.visible(drafts=drafts).filter(topics=OuterRef("pk"))
    return Topic.objects.defer(*search_vector_paths(Topic, {})).annotate(
        article_count=Coalesce(
            Subquery(
                clauses.order_by().values("topics").annotate(count=Count("pk")).values("count")
            ),
            0,
        )
    )


def topic_articles(topic: Topic, *, drafts: bool = False) -> list[TreatyOnTopic]:
    """Every article on `topic` across the treaties, treaty by treaty in signing order (the
    references last), with the notes of treaties that have no article on it. 6 queries, whatever
    the number of treaties and articles."""
    clauses = (
        clause_record(drafts=drafts)
        .filter(topics=topic)
        .order_by("treaty__reference", "treaty__signed_on", "treaty__slug", "order")
    )
    notes = (
        TopicNote.objects.visible(drafts=drafts)
        .filter(topic=topic)
        .select_related("treaty")
        .without_search_vectors()
        .prefetch_related("sources")
    )
    by_treaty: dict[int, TreatyOnTopic] = {}
    for clause in clauses:
        entry = by_treaty.setdefault(
            clause.treaty_id, TreatyOnTopic(treaty=clause.treaty, clauses=[], note=None)
        )
        entry.clauses.append(clause)
    for note in notes:
        if note.treaty_id not in by_treaty:
            by_treaty[note.treaty_id] = TreatyOnTopic(treaty=note.treaty, clauses=[], note=note)
    return sorted(
        by_treaty.values(),
        key=lambda entry: (entry.treaty.reference, entry.treaty.signed_on, entry.treaty.slug),
    )


def party_record() -> QuerySet[Party]:
    """Parties with the states they continue and are continued by. 3 queries for one."""
    return (
        Party.objects.select_related("predecessor")
        .defer(*search_vector_paths(Party, {"predecessor": {}}))
        .prefetch_related(
            Prefetch("successors", queryset=Party.objects.defer(*search_vector_paths(Party, {})))
        )
    )


def party_treaties(party: Party, *, drafts: bool = False) -> QuerySet[Treaty]:
    """The treaties `party` signed, in signing order, with their parties. 2 queries."""
    return treaty_cards(drafts=drafts).filter(parties=party)


def source_citations(*, drafts: bool = False) -> QuerySet[Source]:
    """Every source by publisher, with the records of this app that cite it and the reader may
    see: treaties, articles (for their facts or for the wording they print), signatories, notes,
    alignments and events. 8 queries, whatever the number of sources."""
    treaties = treaty_chronology(drafts=drafts)
    clauses = (
        Clause.objects.visible(drafts=drafts)
        .select_related("treaty")
        .without_search_vectors()
        .order_by("treaty__signed_on", "treaty__slug", "order")
    )
    return Source.objects.order_by("publisher_en", "title", "slug").prefetch_related(
        Prefetch("treaties", queryset=treaties),
        Prefetch("clauses", queryset=clauses),
        Prefetch(
            "clause_texts",
            queryset=ClauseText.objects.visible(drafts=drafts)
            .select_related("clause__treaty")
            .without_search_vectors()
            .defer(*(f"clause__{name}" for name in Clause.SEARCH_ONLY_FIELDS))
            .order_by("clause__treaty__signed_on", "clause__order", "language"),
        ),
        Prefetch(
            "signatories",
            queryset=Signatory.objects.visible(drafts=drafts)
            .select_related("treaty")
            .without_search_vectors(),
        ),
        Prefetch(
            "topic_notes",
            queryset=TopicNote.objects.visible(drafts=drafts)
            .select_related("treaty", "topic")
            .without_search_vectors(),
        ),
        Prefetch(
            "alignments",
            queryset=Alignment.objects.visible(drafts=drafts)
            .select_related("old_treaty", "new_treaty")
            .without_search_vectors(),
        ),
        Prefetch(
            "events",
            queryset=Event.objects.visible(drafts=drafts)
            .select_related("treaty")
            .without_search_vectors()
            .order_by("date", "slug"),
        ),
    )


def treaty_api_rows(*, drafts: bool = False) -> QuerySet[Treaty]:
    """The treaties the API lists, oldest first, without their relations: what a list page's
    filters pick its records from (core.api.KeptRecordsMixin)."""
    return Treaty.objects.visible(drafts=drafts).chronological()


def treaty_api_list(*, drafts: bool = False) -> QuerySet[Treaty]:
    """Treaties for the API, oldest first, with every relation their JSON links to.
    9 queries for a page, whatever its length."""
    treaties = treaty_api_rows(drafts=drafts)
    return with_treaty_relations(treaties, drafts=drafts).prefetch_related(
        Prefetch("events", queryset=Event.objects.order_by("date", "slug"))
    )


def clause_record(*, drafts: bool = False) -> QuerySet[Clause]:
    """Clauses with what an article's page shows: its treaty, quoted source, topics and sources.
    3 queries for one clause, or for a page of them."""
    return (
        Clause.objects.visible(drafts=drafts)
        .select_related("treaty")
        .without_search_vectors()
        .prefetch_related("topics", "sources", clause_texts())
    )


def clause_addresses() -> QuerySet[Clause]:
    """Published articles with their treaty, treaty by treaty in order: what /sitemap.xml lists.
    1 query."""
    return (
        Clause.objects.visible(drafts=False)
        .select_related("treaty")
        .without_search_vectors()
        .order_by("treaty__signed_on", "treaty__slug", "order")
    )


def clause_api_list(*, drafts: bool = False) -> QuerySet[Clause]:
    """Clauses for the API in treaty order, with treaty, quoted source, topics and sources.
    3 queries for a page."""
    return clause_record(drafts=drafts).order_by("treaty__signed_on", "treaty__slug", "order")


def event_api_list(*, drafts: bool = False) -> QuerySet[Event]:
    """Dated events of the visible treaties, oldest first, with their treaty and sources.
    2 queries for a page."""
    return (
        Event.objects.visible(drafts=drafts)
        .select_related("treaty")
        .without_search_vectors()
        .prefetch_related("sources")
        .order_by("date", "slug")
    )


def party_api_list() -> QuerySet[Party]:
    """Parties with their predecessor. 1 query for a page."""
    return Party.objects.select_related("predecessor").order_by("slug")


def topic_api_list() -> QuerySet[Topic]:
    """Topics in comparison order. 1 query for a page."""
    return Topic.objects.order_by("order")


def source_api_list() -> QuerySet[Source]:
    """Sources by slug. 1 query for a page."""
    return Source.objects.order_by("slug")


def treaty_deletions() -> QuerySet:
    """The last version of each treaty that has been deleted and not restored (the version that
    records the delete), newest first. 1 query."""
    return (
        Treaty.history.filter(history_type="-")
        .exclude(id__in=Treaty.objects.values("id"))
        .select_related("history_user")
        .order_by("-history_date")
    )


def treaty_changes(treaty: Treaty, *, drafts: bool = False) -> list[ChangeLogEntry]:
    """The public change log of a treaty's page: the edits made to the treaty and to its
    articles while they were published, newest first (articles the reader may see only, each
    entry's `part`). 3 queries, and 1 more for each of the two histories that someone signed in
    edited."""
    clauses = {
        clause.pk: clause
        for clause in Clause.objects.visible(drafts=drafts)
        .filter(treaty=treaty)
        .only("pk", "slug", "number", "treaty_id")
    }
    for clause in clauses.values():
        clause.treaty = treaty  # for its page's URL, without loading the treaty again
    changes = [ChangeLogEntry(change) for change in published_changes(treaty.history.all())] + [
        ChangeLogEntry(change, clauses[change.record_id])
        for change in published_changes(Clause.history.filter(id__in=clauses))
    ]
    return sorted(changes, key=lambda item: item.change.date, reverse=True)


@dataclass(frozen=True)
class ObligationCoding:
    """One coded cell of the comparison: the article (or, where none speaks to the topic, the
    note) that gives a treaty its obligation level, and why."""

    treaty: Treaty
    record: Clause | TopicNote
    level: ObligationLevel
    reason: str


def coded_treaties(*, drafts: bool = False) -> QuerySet[Treaty]:
    """The treaties with a coded article or note the reader may see, oldest first: what the
    methodology page pages through. 1 query."""
    coded = {"treaty": OuterRef("pk"), "obligation_level__isnull": False}
    return treaty_chronology(drafts=drafts).filter(
        Exists(Clause.objects.visible(drafts=drafts).filter(**coded))
        | Exists(TopicNote.objects.visible(drafts=drafts).filter(**coded))
    )


def obligation_codings(
    *, treaties: Sequence[Treaty], drafts: bool = False
) -> list[ObligationCoding]:
    """Every coded article and note of `treaties`, treaty by treaty in their order, for a page
    of the methodology page. 6 queries (4 of the articles, 2 of the notes)."""
    position = {treaty.pk: index for index, treaty in enumerate(treaties)}
    clauses = (
        clause_record(drafts=drafts)
        .filter(treaty__in=position, obligation_level__isnull=False)
        .order_by("order")
    )
    notes = (
        TopicNote.objects.visible(drafts=drafts)
        .filter(treaty__in=position, obligation_level__isnull=False)
        .select_related("treaty", "topic")
        .prefetch_related("sources")
    )
    codings = [
        ObligationCoding(
            clause.treaty,
            clause,
            ObligationLevel(clause.obligation_level),
            clause.obligation_reason,
        )
        for clause in clauses
    ] + [
        ObligationCoding(note.treaty, note, ObligationLevel(note.obligation_level), note.note)
        for note in notes
    ]
    return sorted(codings, key=lambda coding: position[coding.treaty.pk])


def codings_before(*, first: int, drafts: bool = False) -> int:
    """How many coded articles and notes the reader may see in the first `first` of
    coded_treaties(): those the methodology page numbers before a page. 2 queries (none for
    no treaty)."""
    if first <= 0:
        return 0
    treaties = coded_treaties(drafts=drafts).values("pk")[:first]
    coded = {"treaty__in": treaties, "obligation_level__isnull": False}
    return (
        Clause.objects.visible(drafts=drafts).filter(**coded).count()
        + TopicNote.objects.visible(drafts=drafts).filter(**coded).count()
    )


def atop_codes(*, drafts: bool = False) -> list[tuple[Treaty, list[int | None]]]:
    """The treaties the ATOP data codes, oldest first, each with its codes in the order of
    ATOP_CATEGORIES (None where a code is not recorded). 1 query."""
    return [
        (treaty, [treaty.atop_obligations.get(category) for category in ATOP_CATEGORIES])
        for treaty in treaty_chronology(drafts=drafts).filter(atop_id__isnull=False)
    ]
