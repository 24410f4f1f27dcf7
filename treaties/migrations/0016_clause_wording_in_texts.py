"""The articles' single quoted wording goes (0015 moved it to their texts); their search
vectors read their English and Arabic texts instead, from the columns a trigger keeps.
(A migration of its own: PostgreSQL alters no table with the data step's trigger events
pending in the same transaction.)"""

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from core.db import vectors_in_row


class Migration(migrations.Migration):
    dependencies = [("treaties", "0015_texts_from_clauses")]

    operations = [
        # The vectors first: a column they read cannot be dropped without them.
        migrations.RemoveIndex(model_name='clause', name='treaties_cl_search__a7451c_gin'),
        migrations.RemoveField(model_name='clause', name='search_en'),
        migrations.RemoveIndex(model_name='clause', name='treaties_cl_search__5256bb_gin'),
        migrations.RemoveField(model_name='clause', name='search_ar'),
        migrations.RemoveConstraint(
            model_name='clause',
            name='clause_text_has_language_and_source',
        ),
        migrations.RemoveField(
            model_name='clause',
            name='text',
        ),
        migrations.RemoveField(
            model_name='clause',
            name='text_language',
        ),
        migrations.RemoveField(
            model_name='clause',
            name='text_source',
        ),
        migrations.RemoveField(
            model_name='historicalclause',
            name='text',
        ),
        migrations.RemoveField(
            model_name='historicalclause',
            name='text_language',
        ),
        migrations.RemoveField(
            model_name='historicalclause',
            name='text_source',
        ),
        migrations.AlterField(
            model_name='clause',
            name='key_phrases',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=200), blank=True, default=list, help_text='Words of its texts that carry its meaning, highlighted where they are shown.', size=None, verbose_name='key phrases'),
        ),
        migrations.AlterField(
            model_name='historicalclause',
            name='key_phrases',
            field=django.contrib.postgres.fields.ArrayField(base_field=models.CharField(max_length=200), blank=True, default=list, help_text='Words of its texts that carry its meaning, highlighted where they are shown.', size=None, verbose_name='key phrases'),
        ),
        migrations.AddField(
            model_name='clause',
            name='search_en',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('heading_en', config='english', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_en', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), '||', django.contrib.postgres.search.SearchVector('searched_wording_en', config='english', weight='B'), django.contrib.postgres.search.SearchConfig('english')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='clause',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_en'], name='treaties_cl_search__a7451c_gin'),
        ),
        migrations.AddField(
            model_name='clause',
            name='search_ar',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.CombinedSearchVector(django.contrib.postgres.search.SearchVector('heading_ar', config='arabic', weight='A'), '||', django.contrib.postgres.search.SearchVector('summary_ar', config='arabic', weight='B'), django.contrib.postgres.search.SearchConfig('arabic')), '||', django.contrib.postgres.search.SearchVector('searched_wording_ar', config='arabic', weight='B'), django.contrib.postgres.search.SearchConfig('arabic')), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='clause',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_ar'], name='treaties_cl_search__5256bb_gin'),
        ),
        vectors_in_row("treaties_clause", "search_en", "search_ar"),
    ]
