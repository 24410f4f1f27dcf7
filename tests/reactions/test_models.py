"""The rules of a reaction: each is a database constraint or a model check that full_clean()
reports readably."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from reactions.models import Reaction
from tests.factories import PartyFactory, ReactionFactory, TreatyFactory
from tests.treaties.test_models import assert_rejected

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2000, 2, 9)


def test_reaction_quote_needs_its_language():
    reaction = ReactionFactory.build(
        treaty=TreatyFactory(), party=PartyFactory(), quote="A breakthrough.", quote_language=""
    )
    assert_rejected(reaction, "language it is quoted in")


def test_reaction_stance_must_be_a_known_one():
    reaction = ReactionFactory.build(
        treaty=TreatyFactory(), party=PartyFactory(), stance="delighted"
    )
    with pytest.raises(ValidationError) as excinfo:
        reaction.full_clean()
    assert "stance" in excinfo.value.message_dict


def test_deleting_a_treaty_with_reactions_is_refused():
    reaction = ReactionFactory()
    with pytest.raises(ProtectedError):
        reaction.treaty.delete()
    assert Reaction.objects.filter(pk=reaction.pk).exists()


@pytest.mark.parametrize(
    ("day", "precision", "before_signing", "error_field"),
    [
        (datetime.date(2000, 2, 9), "day", False, None),  # on the day of the signing
        (datetime.date(2000, 2, 8), "day", False, "date"),  # the eve, not marked
        (datetime.date(2000, 2, 8), "day", True, None),  # the eve, marked
        (datetime.date(2000, 2, 9), "day", True, "made_before_signing"),
        (datetime.date(2000, 2, 1), "month", False, None),  # February may be after the 9th
        (datetime.date(2000, 2, 1), "month", True, None),  # ...or before it
        (datetime.date(2000, 1, 1), "month", False, "date"),  # January is wholly before
        (datetime.date(2000, 1, 1), "year", False, None),
        (datetime.date(1999, 1, 1), "year", False, "date"),
        (datetime.date(2000, 3, 1), "month", True, "made_before_signing"),
    ],
)
def test_reaction_is_not_dated_before_its_treaty_unless_marked(
    day, precision, before_signing, error_field
):
    reaction = ReactionFactory.build(
        treaty=TreatyFactory(signed_on=SIGNED),
        party=PartyFactory(),
        date=day,
        date_precision=precision,
        made_before_signing=before_signing,
    )
    if error_field is None:
        reaction.full_clean()
        return
    with pytest.raises(ValidationError) as excinfo:
        reaction.full_clean()
    assert list(excinfo.value.message_dict) == [error_field]
