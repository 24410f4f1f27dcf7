"""The rows a search looks through and the columns a hit shows, kind by kind."""

from django.db.models import Exists, OuterRef, QuerySet

from reactions.models import Reaction
from treaties.models import Clause, Party, Topic, Treaty

# What a hit shows (templates/search/search.html): the shown rows load only these columns.
HIT_FIELDS = {
    Topic: ["slug", "name"],
    Party: ["slug", "short_name"],
    Treaty: ["slug", "short_title"],
    Clause: ["order", "number", "heading", "treaty__slug", "treaty__short_title"],
    Reaction: ["slug", "speaker", "date", "date_precision", "party__short_name", "treaty__slug"],
}


# The names a search that found nothing may suggest instead, by kind (in each language's column).
SUGGESTED_FIELDS = {
    "topics": "name",
    "parties": "short_name",
    "treaties": "short_title",
    "clauses": "heading",
    "reactions": "speaker",
}


# A kind whose rows rank by their parts too (search.ranking.rankings), and the field of a part
# naming its whole.
PARTS = {"treaties": "clauses"}
WHOLE_OF_PARTS = {"clauses": "treaty_id"}


def searched_rows(kind: str, *, drafts: bool) -> QuerySet:
    """The rows a search of `kind` looks through, with the related rows a hit shows. A party is
    found for the reactions it made (its hit lists them)."""
    if kind == "topics":
        return Topic.objects.all()
    if kind == "parties":
        # EXISTS, not IN: checked for the few parties the search matches, not by reading every
        # reaction on each search.
        reacted = Reaction.objects.visible(drafts=drafts).filter(party=OuterRef("pk"))
        return Party.objects.filter(Exists(reacted))
    if kind == "treaties":
        return Treaty.objects.visible(drafts=drafts)
    if kind == "clauses":
        return Clause.objects.visible(drafts=drafts).select_related("treaty")
    return Reaction.objects.visible(drafts=drafts).select_related("party", "treaty")
