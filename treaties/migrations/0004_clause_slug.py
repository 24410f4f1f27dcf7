from django.db import migrations, models
from django.utils.text import slugify


def clause_slug(clause) -> str:
    """The rule the fixtures follow: treaty slug, then art-N, the printed label, or the heading."""
    if clause.number.isdigit():
        return f"{clause.treaty.slug}-art-{clause.number}"
    return f"{clause.treaty.slug}-{slugify(clause.number or clause.heading_en)}"[:120]


def fill_slugs(apps, schema_editor):
    Clause = apps.get_model("treaties", "Clause")
    taken = set()
    for clause in Clause.objects.select_related("treaty").order_by("pk"):
        slug = base = clause_slug(clause)
        suffix = 2
        while slug in taken:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(slug)
        clause.slug = slug
        clause.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [("treaties", "0003_search_vectors")]

    operations = [
        migrations.AddField(
            model_name="clause",
            name="slug",
            field=models.SlugField(max_length=120, null=True, db_index=False),
        ),
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="clause",
            name="slug",
            field=models.SlugField(
                help_text="Stable identifier, e.g. russia-dprk-2024-art-4; not changed once published.",
                max_length=120,
                unique=True,
            ),
        ),
    ]
