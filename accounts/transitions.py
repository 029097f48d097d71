"""The one state-machine engine: every status field in the portal changes here and nowhere else.

A `Machine` names a model's TRANSITIONS table ({action: (from_states, to_state)}) and its error class.
`transition()` refuses a move the table does not list, applies it with a conditional UPDATE on the
old status (a lost race raises, never overwrites), and writes the history row (the caller's `history`
callback) and the audit row in the same transaction. Creating a row in its model's default state is
the only other way a status is set.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from accounts.audit import audit_record
from accounts.models import User
from kamportal.workflow import WorkflowError  # noqa: F401  (the one base of refused changes, for the machines)

Table = Mapping[str, tuple[frozenset[str], str]]
M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Machine:
    name: str  # the audit action's prefix: "recruitment", "mapping_form", "candidate" …
    table: Table
    error: type[Exception]
    refused: Any  # lazy message with %(status)s: the move is not in the table
    busy: Any  # lazy message: someone else moved the object first
    field: str = "status"

    def allows(self, action: str, state: str) -> bool:
        return state in self.table[action][0]

    def actions_to(self, state: str, target: str) -> list[str]:
        """The actions that move `state` to `target` (in table order)."""
        return [action for action, (sources, to) in self.table.items() if to == target and state in sources]


@dataclass(frozen=True)
class Move:
    """What the history callback is told: the object, the action and the move it made."""

    obj: models.Model
    action: str
    old: str
    new: str
    at: datetime


def transition(
    machine: Machine,
    obj: M,
    action: str,
    *,
    actor: User | None,
    updates: Mapping[str, Any] | None = None,
    history: Callable[[Move], object] | None = None,
    candidate_id: int | None = None,
    audit_action: str | None = None,
    audit_detail: Callable[[Move], str] | None = None,
) -> M:
    """Move `obj` by `action` or raise `machine.error`; `obj` carries the new values afterwards."""
    from_states, new = machine.table[action]
    old = getattr(obj, machine.field)
    if old not in from_states:
        label = type(obj)._meta.get_field(machine.field).choices
        raise machine.error(machine.refused % {"status": dict(label or ()).get(old, old)})
    now = timezone.now()
    fields = {machine.field: new, **(updates or {})}
    with transaction.atomic():
        moved = type(obj)._default_manager.filter(pk=obj.pk, **{machine.field: old}).update(**fields)
        if moved != 1:
            raise machine.error(machine.busy)
        for name, value in fields.items():
            setattr(obj, name, value)
        move = Move(obj=obj, action=action, old=old, new=new, at=now)
        if history is not None:
            history(move)
        audit_record(
            actor=actor,
            action=audit_action or f"{machine.name}.{action}",
            obj=obj,
            candidate_id=candidate_id,
            detail=audit_detail(move) if audit_detail is not None else f"{old} → {new}",
        )
    return obj
