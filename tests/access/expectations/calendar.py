"""The personal calendar: the settings page for KAMs, advisors and contacts who accepted the terms; the feed is
public-by-secret, so a wrong token is 404 for everyone (signed in or not)."""

from tests.access.matrix import REDIRECT, Entry, expect, signed_in

CALENDAR_USERS = {"kam_a": 200, "advisor_a": 200, "kam_b": 200, "advisor_b": 200, "kam_other": 200}

ENTRIES = [
    Entry(
        "calendar_settings",
        signed_in(403, **CALENDAR_USERS, contact=403, contact_other=200),
        note="contacts only after accepting the terms of use (contact has not: 403)",
    ),
    Entry(
        "calendar_settings",
        signed_in(403, **dict.fromkeys(CALENDAR_USERS, REDIRECT), contact=403, contact_other=REDIRECT),
        method="post",
        data=lambda w: {"action": "stop"},
        note="turning off a link that does not exist redirects back",
    ),
    Entry(
        "calendar_feed",
        expect(404),
        kwargs=lambda w: {"token": "not-a-real-token"},
        note="a wrong or revoked token is 404 for everyone",
    ),
]
