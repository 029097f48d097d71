"""Attachments built when the e-mail is sent, not when the notification row is written.

A finder that makes thousands of reminders should not render thousands of calendar files inside its
transaction: it stores a `Deferred(builder, key)` and the delivery task builds the bytes from the row's
current state (an interview's .ics then also carries the latest time and sequence). Builders are named
here, by dotted path, so a row can never name arbitrary code.
"""

from dataclasses import dataclass

from django.utils.module_loading import import_string

BUILDERS = {
    "interview_ics": "recruitment.services.hiring.interview_calendar_attachment",
}


@dataclass(frozen=True)
class Deferred:
    builder: str  # a key of BUILDERS
    key: str  # the builder's argument, e.g. "<interview uuid>:REQUEST"

    def __post_init__(self):
        if self.builder not in BUILDERS:
            raise ValueError(f"unknown attachment builder {self.builder!r}")


def attachment_fields(content) -> dict:
    """The NotificationAttachment fields for bytes or a Deferred."""
    if isinstance(content, Deferred):
        return {"content": b"", "builder": content.builder, "builder_key": content.key}
    return {"content": content}


def attachment_content(attachment) -> bytes | None:
    """The bytes to send: stored, or built now; None if the builder finds nothing to attach any more."""
    if not attachment.builder:
        return bytes(attachment.content)
    return import_string(BUILDERS[attachment.builder])(attachment.builder_key)
