from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from accounts.twofactor.views import admin_login
from kamportal.health import health

admin.site.site_header = "KAM-portalen"
admin.site.site_title = "KAM-portalen"
admin.site.__class__ = OTPAdminSite  # the admin needs a verified second factor too

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("recruitment.urls")),
    path("candidates/", include("candidates.urls")),
    path("admin/login/", admin_login, name="admin_login_redirect"),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
