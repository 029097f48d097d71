"""The errors every service raises for a refused change, and the optimistic version claim for edits.

A `WorkflowError`'s text is shown to the user; `field` names the form field it belongs to, if any.
`version_claim` is the one conditional UPDATE behind every edit form: of two writers loaded at the same
version exactly one wins; the other gets `StaleVersion` with the row as it is saved now.
"""

from django.db.models import Model
from django.utils.translation import gettext_lazy as _


class WorkflowError(Exception):
    """A change the workflow does not allow; the message is shown to the user."""

    def __init__(self, message="", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleVersion(WorkflowError):
    """Someone saved the row after this form was loaded; `current` is the row as they saved it."""

    def __init__(self, current: Model, version: int):
        super().__init__(
            _(
                "Someone else saved this while you were editing, so nothing of yours was saved. "
                "Their values are shown under each field they changed; your input is kept. "
                "Check it and save again to apply it."
            )
        )
        self.current = current
        self.version = version


def version_claim(obj: Model, version: int | None, *, field: str = "version") -> None:
    """Move `obj`'s row from `version` (None: the version `obj` was read with) to the next, or raise StaleVersion.

    Call inside the service's transaction: the UPDATE holds the row lock until commit.
    """
    manager = type(obj)._default_manager
    expected = getattr(obj, field) if version is None else version
    if not manager.filter(pk=obj.pk, **{field: expected}).update(**{field: expected + 1}):
        current = manager.get(pk=obj.pk)
        raise StaleVersion(current=current, version=getattr(current, field))
    setattr(obj, field, expected + 1)
