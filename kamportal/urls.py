from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "KAM-portalen"
admin.site.site_title = "KAM-portalen"

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("recruitment.urls")),
    path("admin/", admin.site.urls),
]
