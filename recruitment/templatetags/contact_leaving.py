"""Tags of the employer page's "contact left" part (recruitment/_contact_leaving.html)."""

import uuid

from django import template

from accounts.policy import can_record_contact_left

register = template.Library()


@register.simple_tag
def may_record_contact_left(user, employer) -> bool:
    return can_record_contact_left(user, employer)


@register.simple_tag
def once_token() -> str:
    """A fresh one-time token for a small form written in the template (kamportal.forms_helper.OnceForm)."""
    return uuid.uuid4().hex
