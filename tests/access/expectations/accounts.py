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
]
