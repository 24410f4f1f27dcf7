"""Fill a benchmark database with a large synthetic record: thousands of treaties with their
articles and reactions, in English and Arabic, with text of realistic lengths.

    manage.py shell -c "from bench.scale_data import generate_scale_data as g; print(g())"

(`make bench` runs it so, with the sizes of BENCH_TREATIES.)

Nothing here is a fact. Every generated row cites one source that says so, its slug starts with
"synthetic-", and it refuses a database whose name does not say it is for benchmarks or tests,
so the real record (fixtures/, `load_initial_data`) is never mixed with it.
Dates stop before the real 2024 treaty, so the default comparison stays the real one.
"""

import datetime
import random
from itertools import accumulate, islice

from django.db import connection, transaction

from core.models import Certainty, Publication
from reactions.models import Reaction
from treaties.models import (
    Clause,
    ClauseText,
    Event,
    ObligationLevel,
    Party,
    Source,
    TextKind,
    Topic,
    Treaty,
)


class RefusedDatabase(Exception):
    """The database is not one to fill with synthetic rows."""


PREFIX = "synthetic-"
FIRST_DAY = datetime.date(1900, 1, 1)
LAST_DAY = datetime.date(2023, 12, 31)
BATCH = 2000

ENGLISH_WORDS = """
treaty party parties state states article agreement cooperation defence defense mutual assistance
military armed attack aggression security peace friendship partnership strategic comprehensive
obligation obligations consult consultation immediate provide necessary means accordance charter
united nations self-defence collective territory sovereignty integrity independence border
economic trade investment science technology culture education exchange energy transport
agriculture health fisheries customs finance currency sanctions measures joint commission
ratification entry force duration years renew renewal terminate termination notice written
government governments president leader minister ministry foreign affairs summit visit signed
capital relations alliance ally allies region regional stability nuclear weapons missile
deterrence threat threats hostile third country countries support supply supplies equipment
training exercises forces navy army air intelligence information exchange protect protection
citizens nationals rights law international legal dispute disputes settlement arbitration
negotiation negotiations talks delegation delegations memorandum protocol annex clause clauses
principle principles respect equality benefit mutual interference internal domestic policy
policies common interests development prosperity people peoples history historic new old former
successor predecessor replaced replaces amended amendment text wording provision provisions
""".split()  # noqa: SIM905 - a paragraph of words reads better than a list

ARABIC_WORDS = """
معاهدة طرف الطرفين دولة الدول مادة اتفاق تعاون دفاع مشترك مساعدة عسكرية عدوان هجوم أمن سلام
صداقة شراكة استراتيجية شاملة التزام التزامات تشاور فوري تقديم الوسائل اللازمة وفقا ميثاق
الأمم المتحدة الدفاع الجماعي أراضي سيادة وحدة استقلال حدود اقتصادي تجارة استثمار علوم تكنولوجيا
ثقافة تعليم تبادل طاقة نقل زراعة صحة جمارك مالية عملة عقوبات تدابير لجنة تصديق نفاذ مدة سنوات
تجديد إنهاء إخطار كتابي حكومة رئيس زعيم وزير وزارة الخارجية قمة زيارة وقعت العاصمة علاقات تحالف
حليف منطقة استقرار نووية أسلحة صواريخ ردع تهديد معادية ثالثة دعم إمدادات معدات تدريب مناورات
قوات البحرية الجيش الجوية استخبارات معلومات حماية مواطنين حقوق القانون الدولي نزاع تسوية تحكيم
مفاوضات محادثات وفد مذكرة بروتوكول ملحق بند مبدأ مبادئ احترام مساواة منفعة تدخل شؤون داخلية
سياسة مصالح تنمية ازدهار شعب شعوب تاريخ تاريخية جديدة قديمة سابقة خلف حلت تعديل نص صياغة أحكام
""".split()  # noqa: SIM905


FUNCTION_WORDS_EN = "the of and to shall in a by or with for on its their this that be which any as"
FUNCTION_WORDS_AR = "في من على إلى أن عن مع التي الذي هذه هذا كل أو بين قد لا ما"
SYLLABLES_EN = "ka ro min tel vas or an del mur sen ti bal gor ne lu pra ves chon dar il"
SYLLABLES_AR = "كا رو مي تل فا أو نا دل مر سن تي بل غو ني لو بر فس شو دا يل"
RARE_WORDS = 3000


class Words:
    """Random words with a long tail, as in real prose (Zipf's law): function words are in every
    sentence, each treaty term and made-up name ranks at random among thousands, so a term the
    bench searches for is in some rows, not in most."""

    def __init__(self, rng: random.Random, function_words: str, terms, syllables):
        rare = {
            "".join(rng.choices(syllables.split(), k=rng.randint(2, 4))) for _ in range(RARE_WORDS)
        }
        content = sorted(set(terms) | rare)
        rng.shuffle(content)
        self.rng = rng
        self.vocabulary = function_words.split() + content
        self.cumulative_weights = list(
            accumulate(1 / rank for rank in range(1, len(self.vocabulary) + 1))
        )

    def text(self, low: int, high: int) -> str:
        count = self.rng.randint(low, high)
        words = self.rng.choices(self.vocabulary, cum_weights=self.cumulative_weights, k=count)
        sentences, start = [], 0
        while start < len(words):
            length = self.rng.randint(8, 20)
            sentence = " ".join(words[start : start + length])
            sentences.append(sentence[:1].upper() + sentence[1:])
            start += length
        return ". ".join(sentences) + "."

    def title(self, low: int, high: int) -> str:
        return self.text(low, high).rstrip(".")


def batched(rows, size=BATCH):
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def create_in_batches(model, rows) -> list:
    """bulk_create for a long iterable of unsaved rows, a batch at a time; the rows with pks."""
    created = []
    for batch in batched(rows):
        created += model.objects.bulk_create(batch)
    return created


def generate_scale_data(
    *,
    treaties: int = 5000,
    clauses_per_treaty: int = 20,
    reactions_per_treaty: int = 10,
    parties: int = 200,
    seed: int = 1,
    reuse: bool = False,
) -> str:
    """Replace the synthetic rows with new ones (nothing, with `reuse`, when as many synthetic
    treaties are there already). Returns what it did, in a sentence."""
    name = connection.settings_dict["NAME"] or ""
    if "bench" not in name and "test" not in name:
        raise RefusedDatabase(
            f"Refusing to add synthetic rows to the database {name!r}: use one whose name "
            "contains 'bench' (make bench does) or 'test'."
        )
    if not Topic.objects.exists():
        raise RefusedDatabase("Load the real record first (manage.py load_initial_data).")
    present = Treaty.objects.filter(slug__startswith=PREFIX).count()
    if reuse and present == treaties:
        return f"Reusing the {present} synthetic treaties already generated."
    options = {
        "treaties": treaties,
        "clauses_per_treaty": clauses_per_treaty,
        "reactions_per_treaty": reactions_per_treaty,
        "parties": parties,
        "seed": seed,
    }
    return ScaleData().generate(**options)


class ScaleData:
    """The synthetic rows, made in bulk."""

    def generate(self, **options) -> str:
        rng = random.Random(options["seed"])
        english = Words(rng, FUNCTION_WORDS_EN, ENGLISH_WORDS, SYLLABLES_EN)
        arabic = Words(rng, FUNCTION_WORDS_AR, ARABIC_WORDS, SYLLABLES_AR)
        with transaction.atomic():
            self.remove_previous()
            source = Source.objects.create(
                slug=f"{PREFIX}data",
                title="Synthetic benchmark data: not a real document",
                publisher="generate_scale_data",
                language="en",
            )
            parties = self.make_parties(options["parties"], english, arabic)
            treaties = self.make_treaties(options["treaties"], rng, english, arabic, parties)
            self.link(Treaty.parties, treaties, "party", lambda treaty: rng.sample(parties, 2))
            self.link(Treaty.sources, treaties, "source", lambda treaty: [source])
            clauses = self.make_clauses(
                treaties, options["clauses_per_treaty"], rng, english, arabic, source
            )
            topics = list(Topic.objects.all())
            self.link(Clause.topics, clauses, "topic", lambda clause: rng.sample(topics, 2))
            self.link(Clause.sources, clauses, "source", lambda clause: [source])
            self.make_texts(clauses, rng, english, source)
            reactions = self.make_reactions(
                treaties, options["reactions_per_treaty"], rng, english, arabic, parties
            )
            self.link(Reaction.sources, reactions, "source", lambda reaction: [source])
            events = self.make_events(treaties, rng, english, arabic)
            self.link(Event.sources, events, "source", lambda event: [source])
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        return (
            f"Generated {len(treaties)} treaties, {len(clauses)} clauses, "
            f"{len(reactions)} reactions, {len(events)} events, {len(parties)} parties."
        )

    def remove_previous(self):
        synthetic = {"slug__startswith": PREFIX}
        Reaction.objects.filter(**synthetic).delete()
        Event.objects.filter(**synthetic).delete()
        Clause.objects.filter(**synthetic).delete()
        Treaty.objects.filter(**synthetic).delete()
        Party.objects.filter(**synthetic).delete()
        Source.objects.filter(**synthetic).delete()

    def link(self, relation, rows, target, targets):
        """Fill a many-to-many table: each of `rows` links to the rows `targets(row)` gives."""
        through = relation.through
        owner = rows[0]._meta.model_name
        links = (
            through(**{f"{owner}_id": row.pk, f"{target}_id": linked.pk})
            for row in rows
            for linked in targets(row)
        )
        create_in_batches(through, links)

    def make_parties(self, count, english, arabic) -> list[Party]:
        parties = [
            Party(
                slug=f"{PREFIX}party-{index}",
                name_en=f"{english.title(2, 4)} Republic",
                name_ar=f"جمهورية {arabic.title(2, 4)}",
                short_name_en=f"Republic {index}",
                short_name_ar=f"الجمهورية {index}",
                kind=Party.Kind.STATE,
            )
            for index in range(count)
        ]
        return create_in_batches(Party, parties)

    def make_treaties(self, count, rng, english, arabic, parties) -> list[Treaty]:
        span = (LAST_DAY - FIRST_DAY).days
        treaties = []
        for index in range(count):
            signed_on = FIRST_DAY + datetime.timedelta(days=rng.randrange(span))
            in_force = signed_on + datetime.timedelta(days=rng.randrange(30, 720))
            ended = in_force + datetime.timedelta(days=rng.randrange(365, 365 * 40))
            ends = ended <= LAST_DAY and rng.random() < 0.5
            title_en, title_ar = english.title(6, 14), arabic.title(6, 14)
            treaties.append(
                Treaty(
                    slug=f"{PREFIX}treaty-{index}",
                    title_en=f"Treaty of {title_en}",
                    title_ar=f"معاهدة {title_ar}",
                    short_title_en=f"Treaty {index}: {english.title(2, 4)}",
                    short_title_ar=f"المعاهدة {index}: {arabic.title(2, 4)}",
                    summary_en=english.text(40, 120),
                    summary_ar=arabic.text(40, 120),
                    signed_on=signed_on,
                    entry_into_force=in_force if in_force <= LAST_DAY else None,
                    ended_on=ended if ends else None,
                    end_reason=Treaty.EndReason.LAPSED if ends else "",
                    duration=f"{rng.choice([5, 10, 20])} years",
                    publication=Publication.PUBLISHED,
                )
            )
        return create_in_batches(Treaty, treaties)

    def make_clauses(self, treaties, per_treaty, rng, english, arabic, source) -> list[Clause]:
        def rows():
            for treaty in treaties:
                for order in range(1, per_treaty + 1):
                    yield Clause(
                        slug=f"{treaty.slug}-art-{order}",
                        treaty_id=treaty.pk,
                        order=order,
                        number=str(order),
                        number_certainty=Certainty.CONFIRMED,
                        heading_en=english.title(3, 8),
                        heading_ar=arabic.title(3, 8),
                        summary_en=english.text(30, 80),
                        summary_ar=arabic.text(30, 80),
                        obligation_level=rng.choice([None, *ObligationLevel.values]),
                        publication=Publication.PUBLISHED,
                    )

        return create_in_batches(Clause, rows())

    def make_texts(self, clauses, rng, english, source) -> None:
        """An English text for six articles in ten, as a published translation would be."""
        create_in_batches(
            ClauseText,
            (
                ClauseText(
                    clause_id=clause.pk,
                    language="en",
                    kind=TextKind.PUBLISHED_TRANSLATION,
                    text=english.text(50, 200),
                    source_id=source.pk,
                )
                for clause in clauses
                if rng.random() < 0.6
            ),
        )

    def make_reactions(self, treaties, per_treaty, rng, english, arabic, parties):
        def rows():
            for treaty in treaties:
                for index in range(per_treaty):
                    said_on = treaty.signed_on + datetime.timedelta(days=rng.randrange(0, 60))
                    quoted = rng.random() < 0.5
                    yield Reaction(
                        slug=f"{treaty.slug}-reaction-{index}",
                        treaty_id=treaty.pk,
                        party_id=rng.choice(parties).pk,
                        speaker_en=english.title(2, 3),
                        speaker_ar=arabic.title(2, 3),
                        speaker_office_en=f"Minister of {english.title(1, 3)}",
                        speaker_office_ar=f"وزير {arabic.title(1, 3)}",
                        date=said_on,
                        stance=rng.choice(Reaction.Stance.values),
                        summary_en=english.text(20, 60),
                        summary_ar=arabic.text(20, 60),
                        quote=english.text(15, 40) if quoted else "",
                        quote_language="en" if quoted else "",
                        publication=Publication.PUBLISHED,
                    )

        return create_in_batches(Reaction, rows())

    def make_events(self, treaties, rng, english, arabic) -> list[Event]:
        events = [
            Event(
                slug=f"{treaty.slug}-ratification",
                treaty_id=treaty.pk,
                kind=Event.Kind.RATIFICATION,
                date=treaty.signed_on + datetime.timedelta(days=rng.randrange(10, 300)),
                title_en=f"Ratification: {english.title(3, 6)}",
                title_ar=f"تصديق: {arabic.title(3, 6)}",
            )
            for treaty in treaties
            if rng.random() < 0.5
        ]
        return create_in_batches(Event, events)
