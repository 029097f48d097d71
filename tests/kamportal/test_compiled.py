"""kamportal.lib.compiled: a queryset compiled once per connection gives the plain queryset's rows for every
user and every day, runs as one query, and refuses a queryset whose ids are not plain parameters."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import F, Value
from django.db.models.expressions import RawSQL
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from accounts.models import User
from kamportal.lib import compiled as compiled_module
from kamportal.lib.compiled import CompiledQueryError, compiled_list
from recruitment.work_queue.kam import _coordinated_queryset, _held_employers_queryset
from tests.recruitment.work_queue_scenario import NOW, build_scenario

COORDINATED_FACTS = ("waiting", "oldest", "cv_soon", "cv_passed", "feedback_overdue_rule", "four_weeks_rule",
                     "unanswered_count")  # fmt: skip
HELD_FACTS = ("last_follow_up", "quarterly_due", "due_review")


@pytest.fixture
def at_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    if hasattr(connection, compiled_module._CACHE_ATTR):
        delattr(connection, compiled_module._CACHE_ATTR)
    yield


def _facts(rows, facts, related=None):
    out = []
    for row in rows:
        fact = [row.pk, row.uuid, *(getattr(row, name) for name in facts)]
        if related:
            fact.append(getattr(row, related).name)
        out.append(tuple(fact))
    return sorted(out, key=repr)


def _compiles(monkeypatch) -> list:
    calls = []
    original = compiled_module.compile_queryset

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(compiled_module, "compile_queryset", counted)
    return calls


def test_the_compiled_queue_reads_equal_the_plain_querysets_for_two_users_and_across_days(world, at_now, monkeypatch):
    build_scenario(world)
    compiles = _compiles(monkeypatch)
    users = [world.kam_a, world.kam_other, world.kam_b]
    seen_any = {"coordinated": False, "held": False}
    for day_offset in (0, 1, 40):  # 40 days on: the next quarter's rule and other deadlines
        with time_machine.travel(NOW + timedelta(days=day_offset), tick=False):
            today = timezone.localdate()
            for user in users:
                for name, build, facts, related in (
                    ("coordinated", _coordinated_queryset, COORDINATED_FACTS, "employer"),
                    ("held", _held_employers_queryset, HELD_FACTS, None),
                ):
                    plain = list(build(user.pk, today))
                    with CaptureQueriesContext(connection) as queries:
                        rows = compiled_list(
                            (name, today), lambda user_id, b=build, t=today: b(user_id, t), user_id=user.pk
                        )
                    assert len(queries) == 1  # the compiled query only, for the first user too
                    assert _facts(rows, facts, related) == _facts(plain, facts, related)
                    assert all(row._state.db == "default" and not row._state.adding for row in rows)
                    seen_any[name] |= bool(rows)
    assert seen_any == {"coordinated": True, "held": True}  # the scenario has rows to compare
    # compiled once per (query, day): 2 queries x 3 days, whatever the number of users
    assert len(compiles) == 6


def test_the_coordinated_rows_are_due_exactly_when_the_reminders_querysets_hold_them(world, at_now):
    from recruitment.models import Recruitment
    from recruitment.reminders import (
        cv_deadline_passed_recruitments,
        cv_deadline_soon_recruitments,
        lists_unanswered_four_weeks_on,
        lists_with_feedback_overdue_on,
    )
    from recruitment.work_queue.kam import _coordinated

    build_scenario(world)
    seen = {"feedback_overdue": set(), "unanswered_four_weeks": set()}
    for day_offset in (0, 1, 10, 40):
        with time_machine.travel(NOW + timedelta(days=day_offset), tick=False):
            today = timezone.localdate()
            rules = {
                "cv_soon": cv_deadline_soon_recruitments(today),
                "cv_passed": cv_deadline_passed_recruitments(today),
                "feedback_overdue": lists_with_feedback_overdue_on(today),
                "unanswered_four_weeks": lists_unanswered_four_weeks_on(today),
            }
            for user in (world.kam_a, world.kam_b):
                rows = _coordinated(user, today)
                mine = Recruitment.objects.filter(coordinating_kam=user)
                for flag, queryset in rules.items():
                    held = set(queryset.filter(pk__in=mine.values("pk")).values_list("pk", flat=True))
                    flagged = {row.pk for row in rows if getattr(row, flag)}
                    assert flagged == held & {row.pk for row in rows}, (flag, day_offset)
                    if flag in seen:
                        seen[flag] |= {(row.pk, day_offset) for row in rows if getattr(row, flag)}
                        seen[flag] |= {("not", row.pk, day_offset) for row in rows if not getattr(row, flag)}
    for flag, found in seen.items():  # the scenario has rows on both sides of each rule
        assert any(entry[0] == "not" for entry in found) and any(entry[0] != "not" for entry in found), flag


def test_a_changed_fact_between_two_runs_is_read_again_not_remembered(world, at_now):
    build_scenario(world)
    today = timezone.localdate()

    def run():
        return compiled_list(("coordinated", today), lambda user_id: _coordinated_queryset(user_id, today),
                             user_id=world.kam_a.pk)  # fmt: skip

    before = run()
    assert before
    first = before[0]
    type(first).objects.filter(pk=first.pk).update(title="Renamed for the test")
    after = {row.pk: row.title for row in run()}
    assert after[first.pk] == "Renamed for the test"


def test_the_language_is_part_of_the_shape(db):
    user = User.objects.create_user(email="one@example.com", password="x" * 16, full_name="One")

    def build(user_id):
        from django.utils.translation import gettext

        return User.objects.filter(pk=user_id).annotate(word=Value(gettext("Save")))

    with translation.override("en"):
        english = compiled_list(("word",), build, user_id=user.pk)[0].word
    with translation.override("nb"):
        norwegian = compiled_list(("word",), build, user_id=user.pk)[0].word
    assert english == "Save"
    assert norwegian != english


def test_each_user_gets_their_own_row_and_an_id_used_twice_is_put_in_twice(db):
    one = User.objects.create_user(email="one@example.com", password="x" * 16, full_name="One")
    two = User.objects.create_user(email="two@example.com", password="x" * 16, full_name="Two")

    def build(user_id):
        return User.objects.filter(pk=user_id).filter(id__gte=user_id).annotate(same=F("pk"))

    assert [(u.pk, u.email, u.same) for u in compiled_list(("twice",), build, user_id=one.pk)] == [
        (one.pk, "one@example.com", one.pk)
    ]
    assert [u.email for u in compiled_list(("twice",), build, user_id=two.pk)] == ["two@example.com"]
    assert compiled_list(("twice",), build, user_id=two.pk + 1000) == []


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda user_id: User.objects.all(), "not among"),  # the id is not used
        (lambda user_id: User.objects.filter(pk=user_id + 1), "not one of them"),  # transformed
        (lambda user_id: User.objects.filter(pk=user_id)[: abs(user_id) % 1000 + 1], "depends on the ids"),  # inlined
        (
            lambda user_id: User.objects.filter(pk=user_id).annotate(x=RawSQL(f"SELECT {int(user_id)}", ())),
            "depends on the ids",
        ),
        (lambda user_id: User.objects.filter(pk=user_id).values_list("pk"), "values_list"),
        (lambda user_id: User.objects.filter(pk=user_id).prefetch_related("memberships"), "prefetching"),
        (lambda user_id: User.objects.filter(pk__in=[]), "matches nothing"),
        (lambda user_id: [user_id], "must return a QuerySet"),
    ],
)
def test_a_queryset_whose_ids_are_not_plain_parameters_is_refused_loudly(db, build, message):
    with pytest.raises(CompiledQueryError, match=message):
        compiled_list(("refused", message), build, user_id=1)
    assert not getattr(connection, compiled_module._CACHE_ATTR, {})  # nothing wrong is kept


def test_an_id_that_is_none_runs_the_plain_queryset(db):
    User.objects.create_user(email="one@example.com", password="x" * 16, full_name="One")

    def build(provider_id):
        return User.objects.filter(provider_id=provider_id)

    assert [u.email for u in compiled_list(("none",), build, provider_id=None)] == ["one@example.com"]
    assert not getattr(connection, compiled_module._CACHE_ATTR, {})


def test_a_moment_is_a_parameter_too_and_must_be_aware(db):
    one = User.objects.create_user(email="one@example.com", password="x" * 16, full_name="One")
    moment = timezone.now().replace(microsecond=0)
    User.objects.filter(pk=one.pk).update(last_login=moment)

    def build(user_id, since):
        return User.objects.filter(pk=user_id, last_login__gte=since)

    for since, expected in (
        (moment - timedelta(days=14), ["one@example.com"]),
        (moment, ["one@example.com"]),
        (moment + timedelta(seconds=1), []),
    ):
        assert [u.email for u in compiled_list(("moment",), build, user_id=one.pk, since=since)] == expected
        assert [u.email for u in build(one.pk, since)] == expected
    with pytest.raises(CompiledQueryError, match="aware"):
        compiled_list(("moment",), build, user_id=one.pk, since=moment.replace(tzinfo=None))


def test_kam_targets_compiled_equal_the_plain_query_for_two_kams(world, at_now, monkeypatch):
    from accounts.policy import employers_visible_to
    from recruitment.selectors.targets import kam_targets

    build_scenario(world)
    compiles = _compiles(monkeypatch)
    today = timezone.localdate()
    for user in (world.kam_a, world.kam_b, world.kam_other):
        compiled = kam_targets(user=user, today=today, count_also={"employers": employers_visible_to})
        plain = kam_targets(user=user, today=today, count_also={"employers": employers_visible_to(user)})
        assert compiled == plain
        assert compiled.counts["employers"] == employers_visible_to(user).count() > 0
    assert len(compiles) == 1  # the three KAMs' one shape
