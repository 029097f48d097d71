from tests.access.matrix import LOGIN, REDIRECT, Entry, expect, signed_in

ENTRIES = [
    Entry("dashboard", signed_in(200)),
    Entry("login", expect(REDIRECT, anonymous=200)),  # signed-in users go on to the dashboard
    Entry("logout", expect(LOGIN), method="post"),  # signed out, back to the login page
    Entry("profile", signed_in(200)),
    Entry("set_language", expect(REDIRECT), method="post", data=lambda w: {"language": "en", "next": "/"}),
    Entry("password_reset", expect(200)),
    Entry("password_reset_done", expect(200)),
    Entry(
        "password_reset_confirm",
        expect(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"},
        note="an invalid token renders the 'link does not work' page",
    ),
    Entry("password_reset_complete", expect(200)),
    Entry("admin_login_redirect", expect(LOGIN), note="the admin site signs in through the portal's login"),
]

_STAFF_WITH_DEVICE = dict.fromkeys(
    ("kam_a", "advisor_a", "admin_a", "kam_b", "advisor_b", "admin_b", "coordinator", "kam_other"), 200
)
ENTRIES += [
    # Staff sessions are verified (tests/conftest.py); contacts and the outsider have not opted in.
    Entry("two_factor_setup", signed_in(200)),
    Entry("two_factor_verify", signed_in(REDIRECT), note="verified: on to next; no device: on to enrolment"),
    Entry("two_factor_recovery_codes", signed_in(REDIRECT, **_STAFF_WITH_DEVICE), method="post"),
    Entry("two_factor_disable", signed_in(REDIRECT), method="post", note="staff are refused with a message"),
]


def _notification_of_kam_a(world):
    from accounts.notifications import notify

    [notification] = notify(
        recipients=[world.kam_a], kind="test", template="emails/test_message", context={"text": "Hei"}, url="/"
    )
    return {"uuid": notification.uuid}


ENTRIES += [
    Entry("notifications", signed_in(200)),
    Entry("notifications_read_all", expect(REDIRECT, anonymous=LOGIN), method="post"),
    Entry(
        "notification_open",
        expect(404, anonymous=LOGIN, kam_a=REDIRECT),
        method="post",
        kwargs=_notification_of_kam_a,
        note="only the recipient opens a notification",
    ),
    Entry(
        "notification_resend",
        expect(404, anonymous=LOGIN, kam_a=REDIRECT),
        method="post",
        kwargs=_notification_of_kam_a,
        note="only the recipient sends an undeliverable e-mail again",
    ),
]

ENTRIES += [
    Entry("staff_list", signed_in(403, admin_a=200, admin_b=200)),
    Entry("staff_invite", signed_in(403, admin_a=200, admin_b=200)),
    Entry(
        "staff_invite",
        signed_in(403, admin_a=REDIRECT, admin_b=REDIRECT),
        method="post",
        data=lambda w: {"full_name": "Ny Person", "email": "ny.person@example.no", "roles": ["advisor"]},
    ),
    Entry(
        "staff_edit",
        signed_in(403, admin_a=200, admin_b=404),
        kwargs=lambda w: {"uuid": w.advisor_a.uuid},
        note="a provider admin manages only their own provider's users",
    ),
    Entry(
        "staff_edit",
        signed_in(403, admin_a=REDIRECT, admin_b=404),
        method="post",
        kwargs=lambda w: {"uuid": w.advisor_a.uuid},
        data=lambda w: {"roles": ["advisor", "kam"], "is_active": "on"},
    ),
]


def _export_job_of_kam_a(world, *, built=False):
    from accounts.export_jobs import export_job_build, export_job_create

    job = export_job_create(actor=world.kam_a, list_name="employers", query="", fmt="csv")
    if built:
        export_job_build(job_id=job.pk)
    return {"uuid": job.uuid}


# List exports built by a task (issue 16): staff who can export a list; each job only for its requester.
_EXPORT_STAFF = dict.fromkeys(
    ("kam_a", "advisor_a", "admin_a", "kam_b", "advisor_b", "admin_b", "coordinator", "kam_other"), 200
)
ENTRIES += [
    Entry("export_jobs", signed_in(403, **_EXPORT_STAFF)),
    Entry(
        "export_job",
        signed_in(404, kam_a=200, contact=403, outsider=403),
        kwargs=_export_job_of_kam_a,
        note="only the requester sees the job",
    ),
    Entry(
        "export_job_download",
        signed_in(404, kam_a=200, contact=403, outsider=403),
        kwargs=lambda w: _export_job_of_kam_a(w, built=True),
        note="only the requester downloads the file",
    ),
]
