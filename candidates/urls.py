from django.urls import path

from candidates import privacy_views, views

app_name = "candidates"

urlpatterns = [
    path("", views.candidate_list, name="list"),
    path("new/", views.candidate_create, name="create"),
    path("<uuid:uuid>/", views.candidate_detail, name="detail"),
    path("<uuid:uuid>/edit/", views.candidate_edit, name="edit"),
    path("<uuid:uuid>/documents/new/", views.document_upload, name="document_upload"),
    path("<uuid:uuid>/assessment/", views.assessment_edit, name="assessment_edit"),
    path("<uuid:uuid>/consents/new/", views.consent_create, name="consent_create"),
    path("<uuid:uuid>/audit/", views.candidate_audit, name="audit"),
    path("documents/<uuid:uuid>/", views.document_download, name="document_download"),
    path("documents/<uuid:uuid>/review/", views.document_review, name="document_review"),
    path("consents/<uuid:uuid>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<uuid:uuid>/retention/extend/", privacy_views.retention_extend, name="retention_extend"),
    path("<uuid:uuid>/erase/", privacy_views.candidate_erase, name="erase"),
    path("<uuid:uuid>/legal-hold/", privacy_views.legal_hold, name="legal_hold"),
    path("privacy/record/", privacy_views.processing_record_page, name="processing_record"),
]
