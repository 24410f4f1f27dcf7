"""The reactions' search vectors, made from their text folded as treaties 0019 does."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import core.search_vectors
from core.db import vectors_in_row


class Migration(migrations.Migration):
    dependencies = [
        ("reactions", "0009_field_names_for_readers"),
        ("treaties", "0019_search_folding"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="reaction",
            name="reactions_r_search__86d9a0_gin",
        ),
        migrations.RemoveField(
            model_name="reaction",
            name="search_en",
        ),
        migrations.RemoveIndex(
            model_name="reaction",
            name="reactions_r_search__e7df13_gin",
        ),
        migrations.RemoveField(
            model_name="reaction",
            name="search_ar",
        ),
        migrations.AddField(
            model_name="reaction",
            name="search_en",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("speaker_en"), language="en"),
                                config="english",
                                weight="A",
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("summary_en"), language="en"),
                                config="english",
                                weight="B",
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            core.search_vectors.Folded(models.F("quote"), language="en"),
                            config="english",
                            weight="B",
                        ),
                        django.contrib.postgres.search.SearchConfig("english"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        core.search_vectors.Folded(models.F("speaker_office_en"), language="en"),
                        config="english",
                        weight="C",
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="reaction",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_en"], name="reactions_r_search__86d9a0_gin"
            ),
        ),
        migrations.AddField(
            model_name="reaction",
            name="search_ar",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("speaker_ar"), language="ar"),
                                config="arabic_light",
                                weight="A",
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("summary_ar"), language="ar"),
                                config="arabic_light",
                                weight="B",
                            ),
                            django.contrib.postgres.search.SearchConfig("arabic_light"),
                        ),
                        "||",
                        django.contrib.postgres.search.SearchVector(
                            core.search_vectors.Folded(models.F("quote"), language="ar"),
                            config="arabic_light",
                            weight="B",
                        ),
                        django.contrib.postgres.search.SearchConfig("arabic_light"),
                    ),
                    "||",
                    django.contrib.postgres.search.SearchVector(
                        core.search_vectors.Folded(models.F("speaker_office_ar"), language="ar"),
                        config="arabic_light",
                        weight="C",
                    ),
                    django.contrib.postgres.search.SearchConfig("arabic_light"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="reaction",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_ar"], name="reactions_r_search__e7df13_gin"
            ),
        ),
        vectors_in_row("reactions_reaction", "search_en", "search_ar"),
    ]
