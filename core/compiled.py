"""Querysets compiled to SQL once a process and run again with other values.

A page that asks the same shape of query on every request with other values (a search's shown
rows: other rows, other words to mark) spends more of its time building and compiling the
queryset than PostgreSQL spends answering it. A CompiledQuery holds the SQL the ORM made once,
with placeholders where each request's values go, and builds model instances from its rows as
the queryset itself would (bench/README.md, "the shown rows compiled once", measures it).
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connections
from django.db.models import Lookup, Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

# Where the slugs a form names go among the parameters of a query of them compiled once
# (core.forms.SlugMultipleChoiceField.named).
NAMED_SLUGS = "\x00named slugs"


class IsAnyOf(Lookup):
    """`column = ANY(array)`: one parameter for any number of values, so that SQL compiled once
    fits every run. The array is the query's to bind (a placeholder at first), not the column's
    to prepare."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        column, column_params = self.process_lhs(compiler, connection)
        values, values_params = self.process_rhs(compiler, connection)
        return f"{column} = ANY({values})", [*column_params, *values_params]


def bound(params: Sequence, values: Mapping[str, Any]) -> list:
    """The parameters of SQL compiled once, with each placeholder among `values`' keys (a string
    no real value holds, e.g. starting with NUL) replaced by its value."""
    return [values.get(param, param) if isinstance(param, str) else param for param in params]


# PostgreSQL plans an array parameter (IsAnyOf) as if it held this many values. A plan for fewer
# values looks cheaper to it than the plan it keeps for a statement, so it would plan every run
# of a page of five hits, or of two treaties named, anew (a custom plan), where an array as long
# reuses the plan it keeps (bench/README.md, "the plan kept for a page of hits").
PLANNED_ARRAY_LENGTH = 10


def planned_array(values: list) -> list:
    """`values`, the last repeated up to PLANNED_ARRAY_LENGTH: the same `= ANY` of them."""
    return values + values[-1:] * (PLANNED_ARRAY_LENGTH - len(values))


class CompiledQuery:
    """The model instances `queryset` gives, from its SQL compiled once.

    Each run replaces the parameters equal to a key of its `values` (placeholders: strings no
    real value holds, e.g. starting with NUL) by that key's value. Instances, their
    select_related rows and their annotations are built as Django's ModelIterable builds them;
    a queryset that prefetches or reads values() is refused, as a compiled query cannot hold
    either."""

    def __init__(self, queryset: QuerySet):
        if queryset._prefetch_related_lookups or queryset._iterable_class is not ModelIterable:
            raise ValueError("A compiled query gives model instances, with nothing prefetched.")
        self.database = queryset.db
        compiler = queryset.query.get_compiler(using=self.database)
        self.sql, self.params = compiler.as_sql()
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.field_names = [column[0].target.attname for column in select[self.model_columns]]
        self.related_populators = get_related_populators(klass_info, select, self.database)
        self.annotations = compiler.annotation_col_map.items()
        columns = [column[0] for column in select[: compiler.col_count]]
        self.converters = compiler.get_converters(columns)
        self.compiler = compiler

    def run(self, values: Mapping[str, Any]) -> list[Model]:
        """The instances the queryset gives with `values` in place of their placeholders."""
        with connections[self.database].cursor() as cursor:
            cursor.execute(self.sql, bound(self.params, values))
            rows = cursor.fetchall()
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        instances = []
        for row in rows:
            instance = self.model.from_db(self.database, self.field_names, row[self.model_columns])
            for populator in self.related_populators:
                populator.populate(row, instance)
            for name, position in self.annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances
