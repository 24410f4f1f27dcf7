"""The quoted wording an article held becomes its first text. Its kind follows its source: the
UN Treaty Series' English (as printed by the UNTS copy and by Gibler's reprint) and KCNA's
English release are official translations, the others published ones. (Its own migration:
PostgreSQL builds no index of a table with this step's trigger events pending.)"""

from django.db import migrations

# Sources whose English is a party's or the UN's own translation (this record's slugs).
OFFICIAL_ENGLISH_SOURCES = {"s01", "s03", "s17"}
AUTHENTIC_LANGUAGES = {"ru", "ko"}


def texts_from_clauses(apps, schema_editor):
    Clause = apps.get_model("treaties", "Clause")
    ClauseText = apps.get_model("treaties", "ClauseText")
    for clause in Clause.objects.exclude(text="").select_related("text_source"):
        if clause.text_language in AUTHENTIC_LANGUAGES:
            kind = "authentic"
        elif clause.text_source.slug in OFFICIAL_ENGLISH_SOURCES:
            kind = "official_translation"
        else:
            kind = "published_translation"
        ClauseText.objects.create(
            clause=clause,
            language=clause.text_language,
            kind=kind,
            text=clause.text,
            source=clause.text_source,
        )


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
