"""factory_boy factories for test data; the real record comes from fixtures/ (conftest.record)."""

import datetime

import factory

from core.models import Publication
from reactions.models import Reaction
from treaties.models import (
    Clause,
    ClauseText,
    Event,
    Party,
    Signatory,
    Source,
    TextKind,
    Topic,
    TopicNote,
    Treaty,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Report {n}")
    publisher = "Test Wire"
    url = factory.Sequence(lambda n: f"https://example.org/report/{n}")
    language = "en"


class SourcedFactory(factory.django.DjangoModelFactory):
    """A record citing one new source unless the test passes its own: `sources=[...]`."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if create:
            self.sources.set(extracted if extracted is not None else [SourceFactory()])


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    slug = factory.Sequence(lambda n: f"party-{n}")
    name_en = factory.Sequence(lambda n: f"Republic {n}")
    name_ar = factory.Sequence(lambda n: f"جمهورية {n}")
    short_name_en = factory.Sequence(lambda n: f"R{n}")
    short_name_ar = factory.Sequence(lambda n: f"ج{n}")
    kind = Party.Kind.STATE


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_ar = factory.Sequence(lambda n: f"موضوع {n}")
    order = factory.Sequence(lambda n: n + 1000)


class TreatyFactory(SourcedFactory):
    class Meta:
        model = Treaty

    publication = Publication.PUBLISHED

    slug = factory.Sequence(lambda n: f"treaty-{n}")
    title_en = factory.Sequence(lambda n: f"Treaty of Friendship No. {n}")
    title_ar = factory.Sequence(lambda n: f"معاهدة الصداقة رقم {n}")
    short_title_en = factory.Sequence(lambda n: f"Treaty {n}")
    short_title_ar = factory.Sequence(lambda n: f"معاهدة {n}")
    signed_on = datetime.date(2000, 1, 1)

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create:
            self.parties.set(extracted if extracted is not None else PartyFactory.create_batch(2))


class ClauseFactory(SourcedFactory):
    class Meta:
        model = Clause

    publication = Publication.PUBLISHED

    slug = factory.Sequence(lambda n: f"clause-{n}")
    treaty = factory.SubFactory(TreatyFactory)
    order = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(lambda clause: str(clause.order))
    heading_en = "Consultation"
    heading_ar = "التشاور"
    summary_en = "The parties consult."
    summary_ar = "يتشاور الطرفان."

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        if create and extracted:
            self.topics.set(extracted)


class ClauseTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClauseText

    clause = factory.SubFactory(ClauseFactory)
    language = "en"
    kind = TextKind.OFFICIAL_TRANSLATION
    text = "The Contracting Parties shall consult together."
    source = factory.SubFactory(SourceFactory)


class TopicNoteFactory(SourcedFactory):
    class Meta:
        model = TopicNote

    treaty = factory.SubFactory(TreatyFactory)
    topic = factory.SubFactory(TopicFactory)
    note_en = "The sources say the treaty left this out."
    note_ar = "تقول المصادر إن المعاهدة أغفلت هذا."


class SignatoryFactory(SourcedFactory):
    class Meta:
        model = Signatory

    treaty = factory.SubFactory(TreatyFactory)
    party = factory.SubFactory(PartyFactory)
    order = factory.Sequence(lambda n: n + 1)
    name_en = "A. Minister"
    name_ar = "وزير"
    office_en = "Minister of Foreign Affairs"
    office_ar = "وزير الخارجية"


class EventFactory(SourcedFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    treaty = factory.SubFactory(TreatyFactory)
    kind = Event.Kind.RATIFICATION
    date = datetime.date(2000, 4, 1)
    title_en = "Parliament ratifies the treaty"
    title_ar = "البرلمان يصادق على المعاهدة"


class ReactionFactory(SourcedFactory):
    class Meta:
        model = Reaction

    publication = Publication.PUBLISHED

    slug = factory.Sequence(lambda n: f"reaction-{n}")
    treaty = factory.SubFactory(TreatyFactory)
    party = factory.SubFactory(PartyFactory)
    speaker_en = "A. Minister"
    speaker_ar = "وزير"
    date = datetime.date(2000, 2, 1)
    stance = Reaction.Stance.NEUTRAL
    summary_en = "Took note of the treaty."
    summary_ar = "أحاط علمًا بالمعاهدة."
