"""Employer portal URLs, included by recruitment/urls.py into the "recruitment" namespace."""

from django.urls import path

from recruitment.views import portal as views

urlpatterns = [
    path("portal/", views.portal_home, name="portal_home"),
    path("portal/terms/", views.portal_terms, name="portal_terms"),
    path("portal/mapping/<uuid:uuid>/answer/", views.portal_mapping_answer, name="portal_mapping_answer"),
    path("portal/documents/<uuid:uuid>/", views.portal_document_download, name="portal_document_download"),
    path("portal/invitation/<str:token>/", views.contact_invitation, name="contact_invitation"),
    path("employers/contacts/<uuid:uuid>/invite/", views.contact_invite, name="contact_invite"),
]
