"""Case-insensitive "contains" that also works for æ, ø and å on SQLite.

PostgreSQL folds case for every letter; SQLite's LIKE only for ASCII. On SQLite the
query is therefore also tried lower-cased, upper-cased and title-cased, which covers
how names are written ("Ørnes", "ØRNES", "ørnes").
"""

from django.db import connection
from django.db.models import Q


def text_contains(field: str, query: str) -> Q:
    query = query.strip()
    condition = Q(**{f"{field}__icontains": query})
    if connection.vendor == "sqlite":
        for variant in {query.lower(), query.upper(), query.title(), query.capitalize()} - {query}:
            condition |= Q(**{f"{field}__icontains": variant})
    return condition
