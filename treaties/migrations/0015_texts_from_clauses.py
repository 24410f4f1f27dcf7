"""The quoted wording an article held becomes its first text. Its kind follows its source: the
UN Treaty Series' English (as printed by the UNTS copy and by Gibler's reprint) and KCNA's
English release are official translations, the others published ones. The wording's earlier
versions, in the article's history, become the text's history (who, when, why), so 0016 can drop
them from the article's. (Its own migration: PostgreSQL builds no index of a table with this
step's trigger events pending.)"""

from django.db import migrations

# Sources whose English is a party's or the UN's own translation (this record's slugs).
OFFICIAL_ENGLISH_SOURCES = {"s01", "s03", "s17"}
AUTHENTIC_LANGUAGES = {"ru", "ko"}


def text_kind(language: str, source_slug: str) -> str:
    if language in AUTHENTIC_LANGUAGES:
        return "authentic"
    if source_slug in OFFICIAL_ENGLISH_SOURCES:
        return "official_translation"
    return "published_translation"


def texts_from_clauses(apps, schema_editor):
    Clause = apps.get_model("treaties", "Clause")
    ClauseText = apps.get_model("treaties", "ClauseText")
    HistoricalClause = apps.get_model("treaties", "HistoricalClause")
    HistoricalClauseText = apps.get_model("treaties", "HistoricalClauseText")
    Source = apps.get_model("treaties", "Source")
    slugs = dict(Source.objects.values_list("pk", "slug"))
    for clause in Clause.objects.exclude(text="").select_related("text_source"):
        text = ClauseText.objects.create(
            clause=clause,
            language=clause.text_language,
            kind=text_kind(clause.text_language, clause.text_source.slug),
            text=clause.text,
            source=clause.text_source,
        )
        # Each version of the article whose wording differs from the one before it is a
        # version of the text.
        seen = None
        for version in HistoricalClause.objects.filter(id=clause.pk).order_by(
            "history_date", "history_id"
        ):
            wording = (version.text, version.text_language, version.text_source_id)
            if not version.text or wording == seen or version.text_source_id not in slugs:
                continue
            HistoricalClauseText.objects.create(
                id=text.pk,
                clause_id=clause.pk,
                language=version.text_language,
                kind=text_kind(version.text_language, slugs[version.text_source_id]),
                text=version.text,
                complete=True,
                source_id=version.text_source_id,
                note="",
                history_date=version.history_date,
                history_change_reason=version.history_change_reason,
                history_type="+" if seen is None else "~",
                history_user_id=version.history_user_id,
            )
            seen = wording


KIND_ORDER = ["authentic", "official_translation", "published_translation"]


def clauses_from_texts(apps, schema_editor):
    """Taken back, an article keeps one quoted text: its most authoritative."""
    Clause = apps.get_model("treaties", "Clause")
    ClauseText = apps.get_model("treaties", "ClauseText")
    for clause in Clause.objects.all():
        texts = [t for t in ClauseText.objects.filter(clause=clause) if t.kind in KIND_ORDER]
        if texts:
            text = min(texts, key=lambda t: (KIND_ORDER.index(t.kind), t.pk))
            clause.text, clause.text_language = text.text, text.language
            clause.text_source_id = text.source_id
            clause.save(update_fields=["text", "text_language", "text_source"])


class Migration(migrations.Migration):
    dependencies = [("treaties", "0014_clause_texts")]

    operations = [migrations.RunPython(texts_from_clauses, clauses_from_texts)]
