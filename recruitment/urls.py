from django.urls import include, path

app_name = "recruitment"

urlpatterns = [
    path("", include("recruitment.urls_mapping")),
]
