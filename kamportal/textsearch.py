"""Folded text search: "Bergen Sjomat" finds "Bergen Sjømat", "ostfold" finds "Østfold".

`Fold(expr)` lower-cases and maps æ→ae, ø→o, å→a and common accents; `fold(text)` does the same in Python.
The SQL is plain nested REPLACE/LOWER with literals, the same on SQLite and PostgreSQL, so the PostgreSQL
trigram indexes (migrations `*_search_trigram_*`, made from `fold_sql`) match the queries' expression
exactly (changing FOLDS therefore needs a migration that re-creates those indexes). PostgreSQL's `unaccent`
would not do: it leaves ø and æ as they are.

On PostgreSQL a search is a substring match (`LIKE '%…%'`, answered by the GIN trigram index) or a
word-similarity match (`<%`, typo-tolerant, the same index), best match first; SQLite has substring only.
"""

from django.db import connection
from django.db.models import BooleanField, CharField, F, FloatField, Func, Q, Value

FOLDS = (
    ("æ", "ae"),
    ("Æ", "ae"),
    ("ø", "o"),
    ("Ø", "o"),
    ("å", "a"),
    ("Å", "a"),
    ("ä", "a"),
    ("Ä", "a"),
    ("ö", "o"),
    ("Ö", "o"),
    ("ü", "u"),
    ("Ü", "u"),
    ("é", "e"),
    ("É", "e"),
    ("è", "e"),
    ("á", "a"),
)
SHORTEST_QUERY = 2
SHORTEST_DIGITS = 3


def fold(text: str) -> str:
    text = " ".join(text.split())
    for letter, plain in FOLDS:
        text = text.replace(letter, plain)
    return text.lower()


def fold_sql(column_sql: str) -> str:
    """The folding as SQL around `column_sql` (for the index migrations and `Fold`)."""
    sql = f"LOWER({column_sql})"
    for letter, plain in FOLDS:
        sql = f"REPLACE({sql}, '{letter}', '{plain}')"
    return sql


class Fold(Func):
    output_field = CharField()

    def as_sql(self, compiler, connection, **extra_context):
        inner, params = compiler.compile(self.source_expressions[0])
        return fold_sql(inner), params


class WordSimilar(Func):
    """`query <% text` (pg_trgm): the query is similar to some words of the text."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


class WordSimilarity(Func):
    function = "word_similarity"
    output_field = FloatField()


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def folded_match(queryset, fields: list[str], query: str):
    """`queryset` filtered to rows where any of `fields` contains the folded query (or, on PostgreSQL, is
    word-similar to it), annotated with `match` (best first on PostgreSQL). Fields may cross relations."""
    folded = fold(query)
    names = {field: f"folded{i}" for i, field in enumerate(fields)}
    queryset = queryset.annotate(**{name: Fold(F(field)) for field, name in names.items()})
    condition = Q()
    for name in names.values():
        condition |= Q(**{f"{name}__contains": folded})
        if is_postgresql():
            condition |= Q(WordSimilar(Value(folded), F(name)))
    queryset = queryset.filter(condition)
    if is_postgresql():
        best = WordSimilarity(Value(folded), F(next(iter(names.values()))))
        return queryset.annotate(match=best)
    return queryset.annotate(match=Value(0.0, output_field=FloatField()))
