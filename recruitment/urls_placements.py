"""Placement URLs, included by recruitment/urls.py into the "recruitment" namespace."""

from django.urls import path

from recruitment.views import placements as views

urlpatterns = [
    path("placements/", views.my_placements, name="my_placements"),
    path("placements/new/<uuid:uuid>/", views.placement_create, name="placement_create"),
    path("placements/<uuid:uuid>/", views.placement_detail, name="placement_detail"),
    path("placements/<uuid:uuid>/edit/", views.placement_edit, name="placement_edit"),
    path("placements/<uuid:uuid>/agreement/", views.agreement_edit, name="placement_agreement"),
    path("placements/<uuid:uuid>/notes/", views.note_add, name="placement_note_add"),
    path("placements/<uuid:uuid>/start/", views.placement_start, name="placement_start"),
    path("placements/<uuid:uuid>/hire/", views.placement_hire, name="placement_hire"),
    path("placements/<uuid:uuid>/end/", views.placement_end, name="placement_end"),
]
