"""A refused look at a candidate object is audited (issue 14): the one write the policy makes.

The fetch helpers of candidate objects (candidate, document, consent, proposal, placement) raise
`candidate_object_not_found(user, Model, key)` instead of a bare Http404. For a signed-in user it writes one
"access.denied" audit event naming the object type and the key that was tried, and the candidate's id when the
object exists, so the candidate's access log shows the attempt. The user still gets the same plain 404: nothing
in the answer says whether the object exists.
"""

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

from accounts.audit import audit_record_key
from accounts.policy.principal import AnyUser

DENIED = "access.denied"


def _candidate_id(model: type[models.Model], key) -> int | None:
    field = "pk" if model._meta.label_lower == "candidates.candidate" else "candidate_id"
    try:
        return model._default_manager.filter(uuid=key).values_list(field, flat=True).first()
    except (ValidationError, ValueError):  # not a UUID at all: nothing to name
        return None


def candidate_object_not_found(user: AnyUser, model: type[models.Model], key: UUID | str) -> Http404:
    """Record the refused look (signed-in users only) and hand back the 404 to raise."""
    if getattr(user, "is_authenticated", False):
        audit_record_key(
            actor=user,
            action=DENIED,
            object_type=model._meta.label_lower,
            object_id=str(key),
            candidate_id=_candidate_id(model, key),
        )
    return Http404()
