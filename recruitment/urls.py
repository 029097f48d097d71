"""Every recruitment URL, grouped by the app's concepts (the same names as in views/)."""

from django.urls import path

from recruitment.views import (
    accounts,
    client_team,
    contact_log,
    employers,
    interviews,
    mapping,
    placement_records,
    placements,
    portal,
    recruitments,
    satisfaction,
    search,
    statistics,
    targets,
)

app_name = "recruitment"

employer_urls = [
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/import/", employers.employer_import, name="employer_import"),
    path("employers/import/confirm/", employers.employer_import_confirm, name="employer_import_confirm"),
    path("employers/targets/", targets.target_list, name="target_list"),
    path("employers/targets/edit/", targets.target_edit, name="target_edit"),
    path("employers/<uuid:uuid>/", employers.employer_detail, name="employer_detail"),
    path("employers/<uuid:uuid>/prospect/", targets.employer_prospect_step, name="employer_prospect_step"),
    path("employers/<uuid:uuid>/edit/", employers.employer_edit, name="employer_edit"),
    path("employers/<uuid:uuid>/reassign/", employers.employer_reassign, name="employer_reassign"),
    path("employers/<uuid:uuid>/contacts/new/", employers.contact_create, name="contact_create"),
    path("employers/contacts/<uuid:uuid>/edit/", employers.contact_edit, name="contact_edit"),
    path("employers/contacts/<uuid:uuid>/left/", employers.contact_mark_left, name="contact_mark_left"),
    path("employers/contacts/<uuid:uuid>/left/undo/", employers.contact_left_undo, name="contact_left_undo"),
]

account_urls = [
    path("employers/portfolios/", accounts.portfolios, name="portfolios"),
    path("employers/<uuid:uuid>/pyramid/", accounts.pyramid_edit, name="pyramid_edit"),
    path("employers/<uuid:uuid>/tier/", accounts.tier_override, name="tier_override"),
    path("employers/<uuid:uuid>/account-plan/", accounts.account_plan_edit, name="account_plan_edit"),
    path(
        "employers/<uuid:uuid>/account-plan/v<int:version>/",
        accounts.account_plan_version,
        name="account_plan_version",
    ),
    path("employers/<uuid:uuid>/account-plan.pdf", accounts.account_plan_pdf, name="account_plan_pdf"),
]

contact_log_urls = [
    path("employers/week/", contact_log.weekly_plan, name="weekly_plan"),
    path("employers/<uuid:uuid>/log/new/", contact_log.contact_log_create, name="contact_log_create"),
    path("employers/log/<uuid:uuid>/held/", contact_log.contact_log_mark_held, name="contact_log_mark_held"),
]

mapping_urls = [
    path("mapping/", mapping.mapping_list, name="mapping_list"),
    path("employers/<uuid:uuid>/mapping/", mapping.mapping_employer, name="mapping_employer"),
    path("employers/<uuid:uuid>/mapping/new/", mapping.mapping_create, name="mapping_create"),
    path("mapping/<uuid:uuid>/", mapping.mapping_detail, name="mapping_detail"),
    path("mapping/<uuid:uuid>/versions/<int:number>/", mapping.mapping_detail, name="mapping_version"),
    path("mapping/<uuid:uuid>/versions/<int:number>/pdf/", mapping.mapping_pdf, name="mapping_pdf"),
    path("mapping/<uuid:uuid>/edit/", mapping.mapping_edit, name="mapping_edit"),
    path("mapping/<uuid:uuid>/positions/new/", mapping.mapping_position_add, name="mapping_position_add"),
    path(
        "mapping/<uuid:uuid>/positions/<uuid:position>/edit/",
        mapping.mapping_position_edit,
        name="mapping_position_edit",
    ),
    path(
        "mapping/<uuid:uuid>/positions/<uuid:position>/delete/",
        mapping.mapping_position_delete,
        name="mapping_position_delete",
    ),
    path("mapping/<uuid:uuid>/send/", mapping.mapping_send, name="mapping_send"),
    path("mapping/<uuid:uuid>/withdraw/", mapping.mapping_withdraw, name="mapping_withdraw"),
    path("mapping/<uuid:uuid>/new-version/", mapping.mapping_new_version, name="mapping_new_version"),
    path("approval/<str:token>/", mapping.mapping_approval, name="mapping_approval"),
    path("approval/<str:token>/answered/", mapping.mapping_approval_done, name="mapping_approval_done"),
]

recruitment_urls = [
    path("recruitments/", recruitments.recruitment_list, name="recruitment_list"),
    path("employers/<uuid:uuid>/recruitments/new/", recruitments.recruitment_create, name="recruitment_create"),
    path("recruitments/<uuid:uuid>/", recruitments.recruitment_detail, name="recruitment_detail"),
    path("recruitments/<uuid:uuid>/plan/", recruitments.recruitment_plan, name="recruitment_plan"),
    path("recruitments/<uuid:uuid>/open/", recruitments.recruitment_open, name="recruitment_open"),
    path("recruitments/<uuid:uuid>/close/", recruitments.recruitment_close, name="recruitment_close"),
    path("recruitments/<uuid:uuid>/requests/new/", recruitments.request_create, name="request_create"),
    path("recruitments/requests/<uuid:uuid>/", recruitments.request_detail, name="request_detail"),
    path("recruitments/requests/<uuid:uuid>/answer/", recruitments.request_answer, name="request_answer"),
    path("recruitments/<uuid:uuid>/propose/", recruitments.proposal_create, name="proposal_create"),
    path("recruitments/<uuid:uuid>/proposals/", recruitments.proposals_review, name="proposals"),
    path(
        "recruitments/<uuid:uuid>/proposals/decide/",
        recruitments.proposals_decide_selected,
        name="proposals_decide_selected",
    ),
    path("recruitments/proposals/<uuid:uuid>/decide/", recruitments.proposal_decide, name="proposal_decide"),
    path("recruitments/proposals/<uuid:uuid>/undo/", recruitments.proposal_undo, name="proposal_undo"),
    path("recruitments/proposals/<uuid:uuid>/withdraw/", recruitments.proposal_withdraw, name="proposal_withdraw"),
    path("recruitments/<uuid:uuid>/send-list/", recruitments.send_list, name="send_list"),
    path("recruitments/<uuid:uuid>/send-more/", recruitments.send_supplement, name="send_supplement"),
    path("recruitments/<uuid:uuid>/close-requests/", recruitments.close_requests, name="close_requests"),
    path("recruitments/<uuid:uuid>/list/", recruitments.candidate_list, name="candidate_list"),
    path("recruitments/<uuid:uuid>/list/pdf/", recruitments.candidate_list_pdf_view, name="candidate_list_pdf"),
    path("recruitments/<uuid:uuid>/status-update/", recruitments.status_update, name="status_update"),
    path("recruitments/<uuid:uuid>/close-unanswered/", recruitments.close_unanswered, name="close_unanswered"),
]

interview_urls = [
    path("recruitments/proposals/<uuid:uuid>/answer/", interviews.submission_answer, name="submission_answer"),
    path("recruitments/proposals/<uuid:uuid>/interview/", interviews.interview_schedule, name="interview_schedule"),
]

placement_urls = [
    path("placements/", placements.my_placements, name="my_placements"),
    path("placements/new/<uuid:uuid>/", placements.placement_create, name="placement_create"),
    path("placements/<uuid:uuid>/", placements.placement_detail, name="placement_detail"),
    path("placements/<uuid:uuid>/edit/", placements.placement_edit, name="placement_edit"),
    path("placements/<uuid:uuid>/notes/", placements.note_add, name="placement_note_add"),
    path("placements/<uuid:uuid>/start/", placements.placement_start, name="placement_start"),
    path("placements/<uuid:uuid>/hire/", placements.placement_hire, name="placement_hire"),
    path("placements/<uuid:uuid>/hire/correct/", placements.placement_correct_hire, name="placement_correct_hire"),
    path("placements/<uuid:uuid>/end/", placements.placement_end, name="placement_end"),
]

placement_record_urls = [
    path("placements/<uuid:uuid>/agreement/", placement_records.agreement_page, name="placement_agreement"),
    path(
        "placements/<uuid:uuid>/agreement/points/",
        placement_records.agreement_point_add,
        name="placement_agreement_point_add",
    ),
    path(
        "placements/<uuid:uuid>/agreement/new-version/",
        placement_records.agreement_new_version,
        name="placement_agreement_new_version",
    ),
    path(
        "placements/agreement-points/<uuid:uuid>/edit/",
        placement_records.agreement_point_edit,
        name="placement_agreement_point_edit",
    ),
    path(
        "placements/agreement-points/<uuid:uuid>/remove/",
        placement_records.agreement_point_remove,
        name="placement_agreement_point_remove",
    ),
    path("placements/agreements/<uuid:uuid>/send/", placement_records.agreement_send, name="placement_agreement_send"),
    path(
        "placements/agreements/<uuid:uuid>/candidate/",
        placement_records.agreement_candidate_confirm,
        name="placement_agreement_candidate",
    ),
    path("placements/<uuid:uuid>/attendance/", placement_records.attendance_page, name="placement_attendance"),
    path("placements/<uuid:uuid>/attendance/add/", placement_records.attendance_add, name="placement_attendance_add"),
    path(
        "placements/<uuid:uuid>/attendance/export.<str:fmt>",
        placement_records.attendance_export,
        name="placement_attendance_export",
    ),
    path(
        "placements/attendance/<uuid:uuid>/edit/", placement_records.attendance_edit, name="placement_attendance_edit"
    ),
    path(
        "placements/attendance/<uuid:uuid>/check/",
        placement_records.attendance_check,
        name="placement_attendance_check",
    ),
    path(
        "placements/attendance/<uuid:uuid>/return/",
        placement_records.attendance_return,
        name="placement_attendance_return",
    ),
    path("portal/placements/<uuid:uuid>/", placement_records.portal_placement, name="portal_placement"),
    path(
        "portal/placements/<uuid:uuid>/attendance/",
        placement_records.portal_attendance_add,
        name="portal_attendance_add",
    ),
    path(
        "portal/attendance/<uuid:uuid>/correct/",
        placement_records.portal_attendance_correct,
        name="portal_attendance_correct",
    ),
    path(
        "portal/agreements/<uuid:uuid>/request-changes/",
        placement_records.portal_agreement_request_changes,
        name="portal_agreement_request_changes",
    ),
    path(
        "portal/agreements/<uuid:uuid>/confirm/",
        placement_records.portal_agreement_confirm,
        name="portal_agreement_confirm",
    ),
    path(
        "portal/attendance/<uuid:uuid>/answer/",
        placement_records.portal_attendance_answer,
        name="portal_attendance_answer",
    ),
]

portal_urls = [
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/terms/", portal.portal_terms, name="portal_terms"),
    path("portal/mapping/<uuid:uuid>/answer/", portal.portal_mapping_answer, name="portal_mapping_answer"),
    path("portal/documents/<uuid:uuid>/", portal.portal_document_download, name="portal_document_download"),
    path("portal/invitation/<str:token>/", portal.contact_invitation, name="contact_invitation"),
    path("employers/contacts/<uuid:uuid>/invite/", portal.contact_invite, name="contact_invite"),
]

client_team_urls = [
    path("employers/<uuid:uuid>/team/", client_team.client_team, name="client_team"),
    path("employers/team/<uuid:uuid>/remove/", client_team.client_team_remove, name="client_team_remove"),
    path("employers/<uuid:uuid>/account-plan/propose/", client_team.plan_proposal_create, name="plan_proposal_create"),
    path(
        "employers/account-plan/proposals/<uuid:uuid>/answer/",
        client_team.plan_proposal_answer,
        name="plan_proposal_answer",
    ),
    path("employers/<uuid:uuid>/account-plan/review/", client_team.account_plan_review, name="account_plan_review"),
]

satisfaction_urls = [
    path("portal/survey/", satisfaction.satisfaction_survey, name="satisfaction_survey"),
    path(
        "portal/survey/recruitment/<uuid:uuid>/",
        satisfaction.satisfaction_survey_recruitment,
        name="satisfaction_survey_recruitment",
    ),
    path("statistics/satisfaction/", satisfaction.satisfaction_statistics, name="satisfaction_statistics"),
    path("statistics/", statistics.statistics_overview, name="statistics"),
    path("search/", search.search_results, name="search"),
]

urlpatterns = [
    *employer_urls,
    *account_urls,
    *client_team_urls,
    *satisfaction_urls,
    *contact_log_urls,
    *mapping_urls,
    *recruitment_urls,
    *interview_urls,
    *placement_urls,
    *placement_record_urls,
    *portal_urls,
]
