"""What the recruitment app's reminder kinds share: the sent-key checks, the active recipients, the logs."""

import logging
from collections.abc import Callable
from datetime import date

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

from accounts.models import ReminderSent

log = logging.getLogger(__name__)

TEMPLATES = "recruitment/emails/reminders/"
MISSING_NAMES_LOGGED = 10


def _key_taken(queryset: QuerySet, *, kind: str, **due_date_lookup) -> Exists:
    """Exists(a ReminderSent of `kind` for the row), for `.exclude()`: what was sent is not loaded again."""
    return Exists(
        ReminderSent.objects.filter(
            kind=kind,
            object_type=queryset.model._meta.label_lower,
            object_id=Cast(OuterRef("pk"), output_field=CharField()),
            **due_date_lookup,
        )
    )


def _not_sent_on(queryset: QuerySet, *, kind: str, due_date: date) -> QuerySet:
    """`queryset` without the rows already sent under `kind` for one fixed `due_date`, as NOT IN (a hashed
    subquery): linear whatever the planner estimates. The NOT EXISTS of `_key_taken`, with (kind, type, due date)
    estimated as matching one row after a big sweep, became a nested loop over a materialised list, quadratic in
    what was sent (0.6 s for interview_tomorrow with nothing left due at national scale)."""
    sent = ReminderSent.objects.filter(
        kind=kind, object_type=queryset.model._meta.label_lower, due_date=due_date
    ).values("object_id")
    return queryset.alias(reminder_object_id=Cast("pk", output_field=CharField())).exclude(reminder_object_id__in=sent)


FENCE = 2**62  # a LIMIT no query reaches: it only keeps PostgreSQL from merging the subquery into the outer query


def _unsent_first(queryset: QuerySet, *, kind: str, **due_date_lookup) -> QuerySet:
    """The model's rows whose pk is among `queryset`'s rows not sent yet under `kind`, the "already sent" check
    evaluated first.

    `queryset` holds the cheap, indexed filters; the caller adds the expensive ones (consent EXISTS, counts) to
    the result. The subquery is cut off with a LIMIT no query reaches, so the planner cannot flatten it into the
    outer query and run the expensive filters on every candidate row before the anti-join (with everything sent
    that was 0.6 s a kind at national scale for nothing to send).
    """
    unsent = queryset.exclude(_key_taken(queryset, kind=kind, **due_date_lookup)).order_by().values("pk")
    return queryset.model.objects.filter(pk__in=unsent[:FENCE])


_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
_patterns: dict = {}


def uuid_url(viewname: str) -> Callable[[object], str]:
    """A function uuid -> reverse(viewname, kwargs={"uuid": uuid}) that reverses once per URLconf, not per
    reminder (reverse() was half of the quarterly finder's time for thousands of employers): the path is
    reversed with a placeholder UUID and each reminder's UUID put in."""

    def url(uuid) -> str:
        key = (get_resolver(get_urlconf()), get_script_prefix(), viewname)
        pattern = _patterns.get(key)
        if pattern is None:
            pattern = _patterns[key] = reverse(viewname, kwargs={"uuid": _PLACEHOLDER})
        return pattern.replace(_PLACEHOLDER, str(uuid))

    return url


candidate_detail_url = uuid_url("candidates:detail")
candidate_list_url = uuid_url("recruitment:candidate_list")
employer_detail_url = uuid_url("recruitment:employer_detail")
mapping_detail_url = uuid_url("recruitment:mapping_detail")
placement_detail_url = uuid_url("recruitment:placement_detail")
portal_placement_url = uuid_url("recruitment:portal_placement")
proposals_url = uuid_url("recruitment:proposals")
recruitment_detail_url = uuid_url("recruitment:recruitment_detail")
request_detail_url = uuid_url("recruitment:request_detail")


# What a reminder needs of a user it names or notifies (accounts.notify_bulk: address, language, e-mail mode;
# the templates: name and phone): read with `.only()` so a sweep of thousands builds narrow rows.
USER_FIELDS = ("id", "email", "language", "email_mode", "is_active", "full_name", "phone")


def user_fields(prefix: str) -> list[str]:
    return [f"{prefix}__{name}" for name in USER_FIELDS]


def _active(*users) -> list:
    """The users that exist and are active, each once, in order."""
    seen, result = set(), []
    for user in users:
        if user is not None and user.is_active and user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _log_without_kam(kind: str, employers: QuerySet, what: str) -> None:
    count = employers.count()
    if count:
        names = list(employers.order_by("name").values_list("name", flat=True)[:MISSING_NAMES_LOGGED])
        log.warning(
            "%s: %d %s no active responsible KAM, no reminder sent: %s%s",
            kind,
            count,
            what,
            ", ".join(names),
            " ..." if count > len(names) else "",
        )


def _sent_keys(kind: str, objects: list) -> set[tuple[str, str, date]]:
    """(object type, object id, due date) of every reminder of `kind` already sent for these objects."""
    by_type: dict[str, list[str]] = {}
    for obj in objects:
        by_type.setdefault(obj._meta.label_lower, []).append(str(obj.pk))
    if not by_type:
        return set()
    condition = Q()
    for object_type, ids in by_type.items():
        condition |= Q(object_type=object_type, object_id__in=ids)
    return set(ReminderSent.objects.filter(condition, kind=kind).values_list("object_type", "object_id", "due_date"))


def _is_sent(keys: set, obj, due_date: date) -> bool:
    return (obj._meta.label_lower, str(obj.pk), due_date) in keys


def _log_inactive(kind: str, what: str, obj) -> None:
    log.warning("%s: %s %s has no active KAM to remind", kind, what, obj)
