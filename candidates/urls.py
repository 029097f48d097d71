from django.urls import path

from candidates import retention_views, views

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
    path("<uuid:uuid>/retention/extend/", retention_views.retention_extend, name="retention_extend"),
    path("<uuid:uuid>/erase/", retention_views.candidate_erase, name="erase"),
    path("<uuid:uuid>/legal-hold/", retention_views.legal_hold, name="legal_hold"),
    path("privacy/record/", retention_views.processing_record_page, name="processing_record"),
]

# Issue 15: the candidate's own say (consent requests, the candidate's signed link) and the subject-access export.
from candidates import privacy_views  # noqa: E402

urlpatterns += [
    path("<uuid:uuid>/consent-requests/new/", privacy_views.consent_request_create, name="consent_request_create"),
    path("consent/<str:token>/", privacy_views.consent_answer, name="consent_answer"),
    path("consent/<str:token>/withdraw/", privacy_views.consent_withdraw_by_candidate, name="consent_withdraw_self"),
    path("consent-requests/statistics/", privacy_views.consent_request_statistics, name="consent_request_statistics"),
    path("<uuid:uuid>/export/", privacy_views.export_create, name="export_create"),
    path("exports/<uuid:uuid>/download/", privacy_views.export_download, name="export_download"),
]
