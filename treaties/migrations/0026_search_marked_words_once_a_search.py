"""What a search snippet marks (migration 0022), with what depends only on the words searched
made once a search rather than once a shown row: search_first_letters_* gives the regular
expression finding the words of a text that may fold to a word searched, and search_marked_*
takes it, with the folded words searched, from a subquery PostgreSQL runs once a statement
(search.selectors.MarkedWords). Ten articles' snippets took 4.6 ms, 3.9 so (bench/README.md)."""

import importlib

from django.db import migrations

# The function this one replaces, made again if the migration is reversed.
BEFORE = importlib.import_module("treaties.migrations.0022_search_marked_words").MARKED

CONFIGS = {"en": "english", "ar": "arabic_light"}

FIRST_LETTERS = r"""
CREATE FUNCTION search_first_letters_{language}(searched text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT string_agg((
    SELECT string_agg(
      CASE letter WHEN 'ا' THEN '[اأإآٱ]' WHEN 'ه' THEN '[هة]' WHEN 'ي' THEN '[يى]'
        ELSE regexp_replace(letter, '([^[:alnum:]])', '\\\1') END
      || '[\u0640\u064B-\u065F\u0670]*', '' ORDER BY position)
    FROM unnest(string_to_array(left(lexeme, 4), NULL)) WITH ORDINALITY AS l(letter, position)
  ), '|')
  FROM unnest(
    tsvector_to_array(to_tsvector('{config}', search_folded_{language}(searched)))
  ) AS lexeme
$$;
"""

MARKED = r"""
CREATE FUNCTION search_marked_{language}(
  raw text, first_letters text, lexemes text[], marked tsquery
) RETURNS tsquery
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(
    websearch_to_tsquery(
      '{config}', string_agg(DISTINCT '"' || replace(word[1], '"', ' ') || '"', ' OR ')
    ) || marked,
    marked)
  FROM regexp_matches(raw, '(\S*(?:' || first_letters || ')\S*)', 'gi') AS word
  WHERE tsvector_to_array(to_tsvector('{config}', search_folded_{language}(word[1])))
    && lexemes
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("treaties", "0025_record_treaty_in_order")]

    operations = [
        migrations.RunSQL(
            [
                f"DROP FUNCTION search_marked_{language}(text, text, tsquery);",
                FIRST_LETTERS.format(language=language, config=config),
                MARKED.format(language=language, config=config),
            ],
            [
                f"DROP FUNCTION search_marked_{language}(text, text, text[], tsquery);",
                f"DROP FUNCTION search_first_letters_{language}(text);",
                BEFORE.format(language=language, config=config),
            ],
        )
        for language, config in CONFIGS.items()
    ]
