"""Each article's wording gets texts of their own (ClauseText): language, kind, source.
The article's English and Arabic texts are kept joined in its row, by a trigger, for its search
vectors (0016). 0015 moves the wording articles held into their texts."""



import core.models
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

from core.db import raises_record_version


SEARCHED_WORDING = """
CREATE OR REPLACE FUNCTION treaties_clause_searched_wording() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed bigint;
BEGIN
  FOR changed IN
    SELECT DISTINCT id FROM (VALUES
      (CASE WHEN TG_OP <> 'INSERT' THEN OLD.clause_id END),
      (CASE WHEN TG_OP <> 'DELETE' THEN NEW.clause_id END)
    ) AS clauses(id) WHERE id IS NOT NULL
  LOOP
    UPDATE treaties_clause SET
      searched_wording_en = COALESCE((
        SELECT string_agg(text, ' ' ORDER BY id) FROM treaties_clausetext
        WHERE clause_id = changed AND language = 'en'), ''),
      searched_wording_ar = COALESCE((
        SELECT string_agg(text, ' ' ORDER BY id) FROM treaties_clausetext
        WHERE clause_id = changed AND language = 'ar'), '')
    WHERE id = changed;
  END LOOP;
  RETURN NULL;
END
$$;
CREATE TRIGGER treaties_clausetext_searched_wording
AFTER INSERT OR UPDATE OR DELETE ON treaties_clausetext
FOR EACH ROW EXECUTE FUNCTION treaties_clause_searched_wording();
"""

DROP_SEARCHED_WORDING = """
DROP TRIGGER IF EXISTS treaties_clausetext_searched_wording ON treaties_clausetext;
DROP FUNCTION IF EXISTS treaties_clause_searched_wording();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('treaties', '0013_obligation_reasons_and_atop'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ClauseText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=[('ru', 'Russian'), ('ko', 'Korean'), ('zh', 'Chinese'), ('en', 'English'), ('ar', 'Arabic'), ('fr', 'French')], max_length=8, verbose_name='language')),
                ('kind', models.CharField(choices=[('authentic', 'Authentic text'), ('official_translation', 'Official translation'), ('published_translation', 'Published translation'), ('project_translation', 'Unofficial translation by this project')], max_length=24, verbose_name='kind')),
                ('text', models.TextField(help_text='Exactly as the source prints it: spelling and punctuation included.', verbose_name='text')),
                ('complete', models.BooleanField(default=True, help_text='Untick where the source prints only part of the article.', verbose_name='whole article')),
                ('retrieved_on', models.DateField(blank=True, help_text='When this project took the text from its source.', null=True, verbose_name='retrieved on')),
                ('note', models.TextField(blank=True, verbose_name='note')),
            ],
            options={
                'verbose_name': 'article text',
                'ordering': ['clause', 'language', 'kind'],
            },
            bases=(core.models.PlainTextMixin, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalClauseText',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('language', models.CharField(choices=[('ru', 'Russian'), ('ko', 'Korean'), ('zh', 'Chinese'), ('en', 'English'), ('ar', 'Arabic'), ('fr', 'French')], max_length=8, verbose_name='language')),
                ('kind', models.CharField(choices=[('authentic', 'Authentic text'), ('official_translation', 'Official translation'), ('published_translation', 'Published translation'), ('project_translation', 'Unofficial translation by this project')], max_length=24, verbose_name='kind')),
                ('text', models.TextField(help_text='Exactly as the source prints it: spelling and punctuation included.', verbose_name='text')),
                ('complete', models.BooleanField(default=True, help_text='Untick where the source prints only part of the article.', verbose_name='whole article')),
                ('retrieved_on', models.DateField(blank=True, help_text='When this project took the text from its source.', null=True, verbose_name='retrieved on')),
                ('note', models.TextField(blank=True, verbose_name='note')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical article text',
                'verbose_name_plural': 'historical article texts',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AddField(
            model_name='clausetext',
            name='clause',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='texts', to='treaties.clause', verbose_name='article'),
        ),
        migrations.AddField(
            model_name='clausetext',
            name='source',
            field=models.ForeignKey(help_text="Where the text is printed; for our own translation, what it translates.", on_delete=django.db.models.deletion.PROTECT, related_name='clause_texts', to='treaties.source', verbose_name='source'),
        ),
        migrations.AddField(
            model_name='historicalclausetext',
            name='clause',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='treaties.clause', verbose_name='article'),
        ),
        migrations.AddField(
            model_name='historicalclausetext',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalclausetext',
            name='source',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text="Where the text is printed; for our own translation, what it translates.", null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='treaties.source', verbose_name='source'),
        ),
        migrations.AddConstraint(
            model_name='clausetext',
            constraint=models.UniqueConstraint(fields=('clause', 'language', 'kind', 'source'), name='clause_text_unique', violation_error_message='This article already has a text of this kind in this language from this source.'),
        ),
        migrations.AddConstraint(
            model_name='clausetext',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['authentic', 'official_translation', 'published_translation', 'project_translation'])), name='clause_text_kind_valid'),
        ),
        migrations.AddField(
            model_name='clause',
            name='searched_wording_ar',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.AddField(
            model_name='clause',
            name='searched_wording_en',
            field=models.TextField(blank=True, default='', editable=False),
        ),
        migrations.RunSQL(SEARCHED_WORDING, DROP_SEARCHED_WORDING),
        raises_record_version("treaties_clausetext"),
    ]
