import pytest
from django.db.models import F, TextField, Value
from django.db.models.functions import Concat

from core.compiled import CompiledQuery
from reactions.models import Reaction
from tests.factories import ReactionFactory, TreatyFactory
from treaties.models import Treaty

pytestmark = pytest.mark.django_db

SLUG = "\x00slug"


def reactions_of(slug):
    return (
        Reaction.objects.select_related("party", "treaty")
        .filter(slug=Value(slug))
        .annotate(
            said=Concat(
                F("speaker"), Value(" of "), F("party__short_name"), output_field=TextField()
            )
        )
        .only("slug", "speaker", "date", "party__short_name", "treaty__slug")
    )


def test_a_compiled_query_gives_the_instances_of_its_queryset_with_each_runs_values():
    reactions = [ReactionFactory(speaker="Blinken"), ReactionFactory(speaker="Lavrov")]
    compiled = CompiledQuery(reactions_of(SLUG))
    for reaction in reactions:
        (found,) = compiled.run({SLUG: reaction.slug})
        expected = reactions_of(reaction.slug).get()
        assert found.pk == expected.pk == reaction.pk
        assert (found.speaker, found.date) == (expected.speaker, expected.date)
        assert found.said == expected.said == f"{reaction.speaker} of {reaction.party.short_name}"
        assert found.party.short_name == expected.party.short_name
        assert found.treaty.slug == expected.treaty.slug
        assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert compiled.run({SLUG: "no-such-reaction"}) == []


def test_a_compiled_query_is_compiled_once(monkeypatch):
    treaties = TreatyFactory.create_batch(3)
    compiled = CompiledQuery(Treaty.objects.filter(slug=Value(SLUG)).only("slug"))
    compiled_again = []
    monkeypatch.setattr(
        "django.db.models.sql.compiler.SQLCompiler.as_sql",
        lambda *args, **kwargs: compiled_again.append(args),
    )
    for treaty in treaties:
        assert [found.pk for found in compiled.run({SLUG: treaty.slug})] == [treaty.pk]
    assert compiled_again == []


@pytest.mark.parametrize(
    "queryset",
    [
        lambda: Treaty.objects.prefetch_related("clauses"),
        lambda: Treaty.objects.values("slug"),
        lambda: Treaty.objects.values_list("slug"),
    ],
)
def test_a_compiled_query_refuses_what_it_cannot_hold(queryset):
    with pytest.raises(ValueError, match="model instances"):
        CompiledQuery(queryset())
