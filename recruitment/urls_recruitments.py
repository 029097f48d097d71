"""Recruitment URLs, included by recruitment/urls.py into the "recruitment" namespace."""

from django.urls import path

from recruitment.views import hiring
from recruitment.views import recruitments as views

urlpatterns = [
    path("recruitments/", views.recruitment_list, name="recruitment_list"),
    path("employers/<uuid:uuid>/recruitments/new/", views.recruitment_create, name="recruitment_create"),
    path("recruitments/<uuid:uuid>/", views.recruitment_detail, name="recruitment_detail"),
    path("recruitments/<uuid:uuid>/plan/", views.recruitment_plan, name="recruitment_plan"),
    path("recruitments/<uuid:uuid>/open/", views.recruitment_open, name="recruitment_open"),
    path("recruitments/<uuid:uuid>/close/", views.recruitment_close, name="recruitment_close"),
    path("recruitments/<uuid:uuid>/requests/new/", views.request_create, name="request_create"),
    path("recruitments/<uuid:uuid>/propose/", views.proposal_create, name="proposal_create"),
    path("recruitments/<uuid:uuid>/proposals/", views.proposals_review, name="proposals"),
    path("recruitments/<uuid:uuid>/send-list/", views.send_list, name="send_list"),
    path("recruitments/<uuid:uuid>/status-update/", views.status_update, name="status_update"),
    path("recruitments/<uuid:uuid>/list/", views.candidate_list, name="candidate_list"),
    path("recruitments/<uuid:uuid>/list/pdf/", views.candidate_list_pdf_view, name="candidate_list_pdf"),
    path("recruitments/<uuid:uuid>/close-unanswered/", views.close_unanswered, name="close_unanswered"),
    path("recruitments/requests/<uuid:uuid>/", views.request_detail, name="request_detail"),
    path("recruitments/requests/<uuid:uuid>/answer/", views.request_answer, name="request_answer"),
    path("recruitments/proposals/<uuid:uuid>/decide/", views.proposal_decide, name="proposal_decide"),
    path("recruitments/proposals/<uuid:uuid>/undo/", views.proposal_undo, name="proposal_undo"),
    path("recruitments/proposals/<uuid:uuid>/withdraw/", views.proposal_withdraw, name="proposal_withdraw"),
    path("recruitments/proposals/<uuid:uuid>/answer/", hiring.submission_answer, name="submission_answer"),
    path("recruitments/proposals/<uuid:uuid>/interview/", hiring.interview_schedule, name="interview_schedule"),
]
