from rest_framework import serializers

from core.api import (
    ChangeReasonMixin,
    ModelValidationMixin,
    PublicationMixin,
    TranslatedField,
    link,
    self_link,
)
from treaties.models import Party, Source, Treaty

from .models import Reaction


class ReactionSerializer(
    ChangeReasonMixin, PublicationMixin, ModelValidationMixin, serializers.ModelSerializer
):
    api_url = self_link("reaction-detail")
    treaty = link("treaty-detail", queryset=Treaty.objects.all())
    party = link("party-detail", queryset=Party.objects.all())
    speaker = TranslatedField()
    speaker_office = TranslatedField()
    summary = TranslatedField()
    sources = link("source-detail", many=True, queryset=Source.objects.all(), allow_empty=False)

    class Meta:
        model = Reaction
        fields = [
            "api_url", "slug", "publication", "treaty", "party", "speaker", "speaker_office",
            "date", "date_precision", "date_certainty", "made_before_signing", "stance", "summary",
            "quote", "quote_language", "sources", "change_reason",
        ]  # fmt: skip
