from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import views, views_exports, views_history
from accounts.twofactor import views as two_factor

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/history/", views_history.my_history, name="my_history"),
    path("profile/calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("two-factor/recovery-codes/", two_factor.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path("two-factor/disable/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("language/", views.set_language, name="set_language"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read-all/", views.notification_mark_all_read, name="notifications_read_all"),
    path("notifications/<uuid:uuid>/open/", views.notification_open, name="notification_open"),
    path("notifications/<uuid:uuid>/resend/", views.notification_resend, name="notification_resend"),
    path("exports/", views_exports.export_job_list, name="export_jobs"),
    path("exports/<uuid:uuid>/", views_exports.export_job_detail, name="export_job"),
    path("exports/<uuid:uuid>/download/", views_exports.export_job_file, name="export_job_download"),
    path("users/", views.staff_list, name="staff_list"),
    path("users/new/", views.staff_invite, name="staff_invite"),
    path("users/<uuid:uuid>/", views.staff_edit, name="staff_edit"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
