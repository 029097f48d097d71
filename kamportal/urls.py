from django.contrib import admin
from django.urls import include, path

from kamportal.health import health

admin.site.site_header = "KAM-portalen"
admin.site.site_title = "KAM-portalen"

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("recruitment.urls")),
    path("candidates/", include("candidates.urls")),
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
]
