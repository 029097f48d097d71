"""Querysets compiled once per database connection and run with the request's ids.

A home page's work queue asks the same complex querysets on every request, differing only in the user's id
(and the date): building and compiling them in the ORM cost several times what the database takes to answer
(about 40 ms of CPU per KAM home at national scale). `compiled_list(key, build, user=user.pk)` builds the
queryset once with sentinel ids standing in for the real ones, compiles it, keeps (sql, params, compiler) on
the database connection (a connection belongs to one thread) and then runs the SQL with the real ids put in.

The cache key is the query's shape: `key` (the caller names everything else the queryset depends on, e.g. today's
date, a limit), plus the active language (translated text in expressions) and the current time zone (date
truncation). Ids are parameters, never part of the key. Anything that depends on the date or time must be in
`key`: `build` gets the sentinels only, never the real ids or the user.

To be sure the ids are parameters and nothing else, the queryset is compiled twice with two different sets of
sentinels: the SQL must be the same text and the parameters must differ exactly where a sentinel stands, each
sentinel at least once. Otherwise `CompiledQueryError` is raised (a programming error: the shape depends on an
id, or an id is inlined or transformed); a queryset of a kind this module does not run (values_list(),
prefetching) raises it too. An id that is None is run by the plain queryset (its shape differs: IS NULL).

Model instances are made as Django's ModelIterable makes them (from_db, select_related objects, annotations),
values() rows as ValuesIterable makes its dicts. An id may also be an aware datetime (a "since" moment): it is
put in as the backend adapts a DateTimeField's value.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesIterable, get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone, translation

_CACHE_ATTR = "_kam_compiled_querysets"
_CACHE_SIZE = 128  # shapes kept per connection (keys include the date: yesterday's are dropped when full)
# Two sets of sentinel ids (never real primary keys): the n-th id's sentinel is base - n.
_SENTINELS = (-7_319_004_211, -8_425_117_373)
# ... and of moments (a datetime value, e.g. "decided since"): never a real timestamp of this application.
_MOMENTS = (datetime(1901, 2, 3, 4, 5, 6, tzinfo=UTC), datetime(1902, 3, 4, 5, 6, 7, tzinfo=UTC))


class CompiledQueryError(RuntimeError):
    """The queryset does not compile into one SQL text with the ids as parameters."""


class _Compiled:
    __slots__ = ("sql", "params", "places", "compiler", "db", "names")

    def __init__(self, sql, params, places: dict[int, str], compiler: SQLCompiler, db: str, names: list | None):
        self.sql = sql
        self.params = params
        self.places = places  # parameter index -> the id's name
        self.compiler = compiler
        self.db = db
        self.names = names  # a values() queryset's keys (None: model instances)


def _sentinels(names: list[str], which: int, kinds: dict[str, type] | None = None) -> dict:
    """The sentinel of each name: an integer id, or a moment (an aware datetime) for a datetime value."""
    out = {}
    for index, name in enumerate(names):
        if kinds and kinds.get(name) is datetime:
            out[name] = _MOMENTS[which] + timedelta(microseconds=index)
        else:
            out[name] = _SENTINELS[which] - index
    return out


def _db_value(value, connection):
    """A value as the query's parameters carry it (a datetime as the backend adapts a DateTimeField's value)."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _check_runnable(queryset) -> None:
    if not isinstance(queryset, QuerySet):
        raise CompiledQueryError(f"build() must return a QuerySet, not {type(queryset).__name__}")
    if queryset._iterable_class not in (ModelIterable, ValuesIterable):
        raise CompiledQueryError("only querysets of model instances or values() are compiled (no values_list())")
    if queryset._prefetch_related_lookups or queryset._known_related_objects or queryset._result_cache is not None:
        raise CompiledQueryError("a prefetching, related-manager or evaluated queryset is not compiled")


def compile_queryset(
    build: Callable[..., QuerySet], names: list[str], using: str, kinds: dict | None = None
) -> _Compiled:
    """`build(**sentinels)` compiled, with the place of each id among its parameters (see the module docstring)."""
    compiled = []
    for which in (0, 1):
        queryset = build(**_sentinels(names, which, kinds))
        _check_runnable(queryset)
        if queryset.db != using:
            raise CompiledQueryError(f"the queryset reads {queryset.db!r}, not {using!r}")
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet as empty:
            raise CompiledQueryError("the queryset matches nothing whatever the ids") from empty
        compiled.append((sql, tuple(params), compiler, queryset))
    (sql, params, compiler, queryset), (other_sql, other_params, _other, _other_queryset) = compiled
    if sql != other_sql or len(params) != len(other_params):
        raise CompiledQueryError("the SQL depends on the ids (an id is inlined or changes the query's shape)")
    connection = connections[using]
    first, second = _sentinels(names, 0, kinds), _sentinels(names, 1, kinds)
    by_pair = {(_db_value(first[name], connection), _db_value(second[name], connection)): name for name in names}
    places = {}
    for index, (one, two) in enumerate(zip(params, other_params, strict=True)):
        if one == two:
            continue
        try:
            name = by_pair.get((one, two))
        except TypeError:  # an unhashable parameter (a list) that differs: not one of the ids
            name = None
        if name is None:
            raise CompiledQueryError(f"parameter {index} depends on the ids but is not one of them: {one!r}")
        places[index] = name
    missing = set(names) - set(places.values())
    if missing:
        raise CompiledQueryError(f"the ids {sorted(missing)} are not among the query's parameters")
    keys = None
    if queryset._iterable_class is ValuesIterable:
        query = queryset.query
        keys = [*query.extra_select, *query.values_select, *query.annotation_select]
    return _Compiled(sql, params, places, compiler, using, keys)


def _cache_for(connection) -> dict:
    cache = getattr(connection, _CACHE_ATTR, None)
    if cache is None:
        cache = {}
        setattr(connection, _CACHE_ATTR, cache)
    return cache


def compiled_list(key: tuple, build: Callable[..., QuerySet], *, using: str = DEFAULT_DB_ALIAS, **ids) -> list:
    """list(build(**ids)), with the queryset compiled once per connection for `key` (see the module docstring).

    `key`: hashable, everything besides the ids the queryset's SQL depends on (today's date, a limit ...).
    `ids`: name -> integer id (or an aware datetime, e.g. a "since" moment); `build` is called with the same
    names (sentinels when compiling)."""
    if any(value is None for value in ids.values()):
        return list(build(**ids))
    names = sorted(ids)
    kinds = {name: datetime for name in names if isinstance(ids[name], datetime)}
    for name in names:
        if name not in kinds and not isinstance(ids[name], int):
            raise CompiledQueryError(f"{name} must be an integer id or an aware datetime")
        if name in kinds and timezone.is_naive(ids[name]):
            raise CompiledQueryError(f"{name} must be an aware datetime")
    full_key = (
        key,
        tuple(names),
        tuple(sorted(kinds)),
        translation.get_language(),
        timezone.get_current_timezone_name(),
    )
    connection = connections[using]
    cache = _cache_for(connection)
    compiled = cache.get(full_key)
    if compiled is None:
        compiled = compile_queryset(build, names, using, kinds)
        if len(cache) >= _CACHE_SIZE:
            cache.clear()
        cache[full_key] = compiled
    return run(compiled, connection, ids)


def run(compiled: _Compiled, connection, ids: dict) -> list:
    """The compiled query's model instances for `ids`, made as ModelIterable makes them."""
    params = list(compiled.params)
    for index, name in compiled.places.items():
        params[index] = _db_value(ids[name], connection)
    compiler = compiled.compiler
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if compiler.has_extra_select:
        rows = [row[: compiler.col_count] for row in rows]
    if compiled.names is not None:  # values(): as ValuesIterable makes its dicts
        return [dict(zip(compiled.names, row, strict=True)) for row in compiler.results_iter([rows])]
    select, klass_info, annotation_col_map = compiler.select, compiler.klass_info, compiler.annotation_col_map
    model_cls = klass_info["model"]
    select_fields = klass_info["select_fields"]
    start, end = select_fields[0], select_fields[-1] + 1
    init_list = [column[0].target.attname for column in select[start:end]]
    related_populators = get_related_populators(klass_info, select, compiled.db)
    found = []
    for row in compiler.results_iter([rows]):
        obj = model_cls.from_db(compiled.db, init_list, row[start:end])
        for populator in related_populators:
            populator.populate(row, obj)
        for attr_name, column in annotation_col_map.items():
            setattr(obj, attr_name, row[column])
        found.append(obj)
    return found
