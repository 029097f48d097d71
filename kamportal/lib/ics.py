"""Calendar invitations (.ics, RFC 5545) for interviews, built with the icalendar package.

Django-free: the caller passes every text already translated. A calendar program replaces an
earlier invitation with the same UID when SEQUENCE is higher, so a rescheduled interview keeps
its UID and raises its sequence; METHOD:CANCEL with STATUS:CANCELLED removes it.
"""

import datetime
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import icalendar

OSLO = ZoneInfo("Europe/Oslo")
PRODID = "-//KAM-portalen//Intervju//NO"


def interview_uid(interview_uuid) -> str:
    """The UID of every invitation to one interview: stable for its lifetime."""
    return f"interview-{interview_uuid}@kamportal"


def interview_ics(
    *,
    uid: str,
    sequence: int,
    starts_at: datetime.datetime,
    duration_minutes: int,
    summary: str,
    location: str,
    description: str = "",
    organizer: tuple[str, str] | None = None,
    attendees: Sequence[tuple[str, str]] = (),
    method: str = "REQUEST",
    stamp: datetime.datetime | None = None,
) -> bytes:
    """One VEVENT in Europe/Oslo time; `organizer` and `attendees` are (name, e-mail) pairs."""
    if starts_at.tzinfo is None:
        raise ValueError("starts_at must be timezone-aware")
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(method)
    start = starts_at.astimezone(OSLO)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", (stamp or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=duration_minutes))
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    if organizer is not None:
        name, email = organizer
        event.add("organizer", f"mailto:{email}", parameters={"cn": name})
    for name, email in attendees:
        event.add(
            "attendee",
            f"mailto:{email}",
            parameters={"cn": name, "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "FALSE"},
        )
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
