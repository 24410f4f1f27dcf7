"""Search that finds what a student types: the vectors of treaties and articles are made from
their text folded (core/search_vectors.py), Arabic without PostgreSQL's Arabic stemmer. The
reactions' vectors follow in reactions 0010."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import core.search_vectors
from core.db import vectors_in_row

FOLDING = r"""
-- Folding for search (core/search_vectors.py): the same on the indexed text and the searched one.
CREATE FUNCTION search_folded_en(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    lower(value),
    '\mdefen[cs]es?\M', 'defend', 'g'),                  -- defence, defense: defend
    '\moffen[cs]e(s?)\M', 'offense\1', 'g'),
    '\m([a-z]{3,})our(s|ed|ing|able)?\M', '\1or\2', 'g'),  -- favour: favor
    '\m([a-z]{3,})is(e|es|ed|ing|ation|ations)\M', '\1iz\2', 'g'),  -- organise: organize
    '\m([a-z]{2,})tre(s?)\M', '\1ter\2', 'g'),             -- centre: center
    '\mprogramme(s?)\M', 'program\1', 'g')
$$;

CREATE FUNCTION search_folded_ar(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(
    translate(
      regexp_replace(value, '[\u0640\u064B-\u065F\u0670]', '', 'g'),  -- tatweel, diacritics
      'أإآٱةى', 'ااااهي'),                                                -- one alef; ه; ي
    -- attached prefixes before a word of three letters or more: و ف, then ب ك ل, then ال (لل)
    '(^|[^ء-ي])(?:[وف]?(?:[بكل]?ال|لل|[بكل])|[وف])(?=[ء-ي]{3})', '\1', 'g'),
    '([ء-ي]{3,})ات(?![ء-ي])', '\1ه', 'g'),          -- feminine plural: اتفاقيات, اتفاقية alike
    '([ء-ي]{3,})(?:ون|ين)(?![ء-ي])', '\1', 'g')      -- masculine plural
$$;

-- Arabic is searched as folded, without PostgreSQL's Arabic stemmer (see core/search_vectors.py).
CREATE TEXT SEARCH CONFIGURATION arabic_light (COPY = pg_catalog.simple);
"""

UNFOLDING = """
DROP TEXT SEARCH CONFIGURATION arabic_light;
DROP FUNCTION search_folded_ar(text);
DROP FUNCTION search_folded_en(text);
"""


class Migration(migrations.Migration):
    dependencies = [("treaties", "0018_reference_treaties")]

    operations = [
        migrations.RunSQL(FOLDING, UNFOLDING),
        migrations.RemoveIndex(
            model_name="treaty",
            name="treaties_tr_search__6fa4ee_gin",
        ),
        migrations.RemoveField(
            model_name="treaty",
            name="search_en",
        ),
        migrations.RemoveIndex(
            model_name="treaty",
            name="treaties_tr_search__4ce5c7_gin",
        ),
        migrations.RemoveField(
            model_name="treaty",
            name="search_ar",
        ),
        migrations.AddField(
            model_name="treaty",
            name="search_en",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(
                                    models.F("short_title_en"), language="en"
                                ),
                                config="english",
                                weight="A",
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("title_en"), language="en"),
                                config="english",
                                weight="A",
                            ),
                            django.contrib.postgres.search.SearchConfig("english"),
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
                        core.search_vectors.Folded(models.F("notes_en"), language="en"),
                        config="english",
                        weight="C",
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="treaty",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_en"], name="treaties_tr_search__6fa4ee_gin"
            ),
        ),
        migrations.AddField(
            model_name="treaty",
            name="search_ar",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.CombinedSearchVector(
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(
                                    models.F("short_title_ar"), language="ar"
                                ),
                                config="arabic_light",
                                weight="A",
                            ),
                            "||",
                            django.contrib.postgres.search.SearchVector(
                                core.search_vectors.Folded(models.F("title_ar"), language="ar"),
                                config="arabic_light",
                                weight="A",
                            ),
                            django.contrib.postgres.search.SearchConfig("arabic_light"),
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
                        core.search_vectors.Folded(models.F("notes_ar"), language="ar"),
                        config="arabic_light",
                        weight="C",
                    ),
                    django.contrib.postgres.search.SearchConfig("arabic_light"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="treaty",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_ar"], name="treaties_tr_search__4ce5c7_gin"
            ),
        ),
        migrations.RemoveIndex(
            model_name="clause",
            name="treaties_cl_search__a7451c_gin",
        ),
        migrations.RemoveField(
            model_name="clause",
            name="search_en",
        ),
        migrations.RemoveIndex(
            model_name="clause",
            name="treaties_cl_search__5256bb_gin",
        ),
        migrations.RemoveField(
            model_name="clause",
            name="search_ar",
        ),
        migrations.AddField(
            model_name="clause",
            name="search_en",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            core.search_vectors.Folded(models.F("heading_en"), language="en"),
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
                        core.search_vectors.Folded(models.F("searched_wording_en"), language="en"),
                        config="english",
                        weight="B",
                    ),
                    django.contrib.postgres.search.SearchConfig("english"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="clause",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_en"], name="treaties_cl_search__a7451c_gin"
            ),
        ),
        migrations.AddField(
            model_name="clause",
            name="search_ar",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.contrib.postgres.search.CombinedSearchVector(
                    django.contrib.postgres.search.CombinedSearchVector(
                        django.contrib.postgres.search.SearchVector(
                            core.search_vectors.Folded(models.F("heading_ar"), language="ar"),
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
                        core.search_vectors.Folded(models.F("searched_wording_ar"), language="ar"),
                        config="arabic_light",
                        weight="B",
                    ),
                    django.contrib.postgres.search.SearchConfig("arabic_light"),
                ),
                output_field=django.contrib.postgres.search.SearchVectorField(),
            ),
        ),
        migrations.AddIndex(
            model_name="clause",
            index=django.contrib.postgres.indexes.GinIndex(
                fields=["search_ar"], name="treaties_cl_search__5256bb_gin"
            ),
        ),
        vectors_in_row("treaties_treaty", "search_en", "search_ar"),
        vectors_in_row("treaties_clause", "search_en", "search_ar"),
    ]
