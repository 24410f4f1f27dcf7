"""Import and export of treaties and their articles (the bases are core.resources')."""

from import_export import fields

from core.resources import JSONListWidget, RecordResource, slug_link, slug_links

from .models import Clause, Party, Source, Topic, Treaty


class TreatyResource(RecordResource):
    parties = slug_links("parties", Party)
    replaces = slug_link("replaces", Treaty)
    sources = slug_links("sources", Source)

    class Meta(RecordResource.Meta):
        model = Treaty
        fields = [
            "slug", "publication", "title_en", "title_ar", "short_title_en", "short_title_ar",
            "summary_en", "summary_ar", "signed_on", "signed_at_en", "signed_at_ar", "parties",
            "entry_into_force", "ended_on", "ended_on_certainty", "end_reason", "replaces",
            "article_count", "articles_complete", "reference", "duration_en", "duration_ar",
            "notes_en", "notes_ar", "atop_id", "atop_obligations", "sources",
        ]  # fmt: skip


class ClauseResource(RecordResource):
    treaty = slug_link("treaty", Treaty)
    topics = slug_links("topics", Topic)
    sources = slug_links("sources", Source)
    key_phrases = fields.Field(
        attribute="key_phrases", column_name="key_phrases", widget=JSONListWidget()
    )

    class Meta(RecordResource.Meta):
        model = Clause
        fields = [
            "slug", "publication", "treaty", "order", "number", "number_certainty", "heading_en",
            "heading_ar", "summary_en", "summary_ar", "key_phrases", "topics", "obligation_level",
            "obligation_reason_en", "obligation_reason_ar", "sources",
        ]  # fmt: skip
