"""Mapping form URLs, included by recruitment/urls.py into the "recruitment" namespace."""

from django.urls import path

from recruitment import views_mapping as views

urlpatterns = [
    path("mapping/", views.mapping_list, name="mapping_list"),
    path("employers/<uuid:uuid>/mapping/", views.mapping_employer, name="mapping_employer"),
    path("employers/<uuid:uuid>/mapping/new/", views.mapping_create, name="mapping_create"),
    path("mapping/<uuid:uuid>/", views.mapping_detail, name="mapping_detail"),
    path("mapping/<uuid:uuid>/versions/<int:number>/", views.mapping_detail, name="mapping_version"),
    path("mapping/<uuid:uuid>/versions/<int:number>/pdf/", views.mapping_pdf, name="mapping_pdf"),
    path("mapping/<uuid:uuid>/edit/", views.mapping_edit, name="mapping_edit"),
    path("mapping/<uuid:uuid>/positions/new/", views.mapping_position_add, name="mapping_position_add"),
    path(
        "mapping/<uuid:uuid>/positions/<uuid:position>/edit/",
        views.mapping_position_edit,
        name="mapping_position_edit",
    ),
    path(
        "mapping/<uuid:uuid>/positions/<uuid:position>/delete/",
        views.mapping_position_delete,
        name="mapping_position_delete",
    ),
    path("mapping/<uuid:uuid>/send/", views.mapping_send, name="mapping_send"),
    path("mapping/<uuid:uuid>/withdraw/", views.mapping_withdraw, name="mapping_withdraw"),
    path("mapping/<uuid:uuid>/new-version/", views.mapping_new_version, name="mapping_new_version"),
    path("approval/<str:token>/", views.mapping_approval, name="mapping_approval"),
]
