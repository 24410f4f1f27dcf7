"""What a search snippet marks (search.selectors): the words of the text as written whose folded
form is one of the folded words searched, so that الهجوم searched marks لهجوم and "defense"
marks "defence" (folding, migration 0019, takes them to one word)."""

from django.db import migrations

CONFIGS = {"en": "english", "ar": "arabic_light"}

# Only the words holding the first letters of a word searched are folded and compared, one by one:
# one regular expression finds them, letting through what folding takes away (diacritics and
# tatweel between the letters, other forms of alef, ة and ى). Splitting and folding every word of
# every shown row took three times as long.
MARKED = r"""
CREATE FUNCTION search_marked_{language}(raw text, searched text, marked tsquery) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    websearch_to_tsquery(
      '{config}', string_agg(DISTINCT '"' || replace(word[1], '"', ' ') || '"', ' OR ')
    ) || marked,
    marked)
  FROM (
    SELECT lexemes, (
      SELECT string_agg((
        SELECT string_agg(
          CASE letter WHEN 'ا' THEN '[اأإآٱ]' WHEN 'ه' THEN '[هة]' WHEN 'ي' THEN '[يى]'
            ELSE regexp_replace(letter, '([^[:alnum:]])', '\\\1') END
          || '[\u0640\u064B-\u065F\u0670]*', '' ORDER BY position)
        FROM unnest(string_to_array(left(lexeme, 4), NULL)) WITH ORDINALITY AS l(letter, position)
      ), '|')
      FROM unnest(lexemes) AS lexeme
    ) AS first_letters
    FROM tsvector_to_array(to_tsvector('{config}', search_folded_{language}(searched))) AS lexemes
  ) AS query,
  regexp_matches(raw, '(\S*(?:' || query.first_letters || ')\S*)', 'gi') AS word
  WHERE tsvector_to_array(to_tsvector('{config}', search_folded_{language}(word[1])))
    && query.lexemes
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("treaties", "0021_source_publisher_in_arabic")]

    operations = [
        migrations.RunSQL(
            MARKED.format(language=language, config=config),
            f"DROP FUNCTION search_marked_{language}(text, text, tsquery);",
        )
        for language, config in CONFIGS.items()
    ]
