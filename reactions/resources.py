"""Import and export of reactions (the bases are core.resources')."""

from core.resources import RecordResource, slug_link, slug_links
from treaties.models import Party, Source, Treaty

from .models import Reaction


class ReactionResource(RecordResource):
    treaty = slug_link("treaty", Treaty)
    party = slug_link("party", Party)
    sources = slug_links("sources", Source)

    class Meta(RecordResource.Meta):
        model = Reaction
        fields = [
            "slug", "publication", "treaty", "party", "speaker_en", "speaker_ar",
            "speaker_office_en", "speaker_office_ar", "date", "date_precision", "date_certainty",
            "made_before_signing",
            "stance", "summary_en", "summary_ar", "quote", "quote_language", "sources",
        ]  # fmt: skip
