from django.urls import include, path

from recruitment.views import client_team, employers, satisfaction

app_name = "recruitment"

urlpatterns = [
    path("", include("recruitment.urls_mapping")),
    path("", include("recruitment.urls_portal")),
    path("", include("recruitment.urls_recruitments")),
    path("", include("recruitment.urls_placements")),
    path("employers/", employers.employer_list, name="employer_list"),
    path("employers/new/", employers.employer_create, name="employer_create"),
    path("employers/import/", employers.employer_import, name="employer_import"),
    path("employers/import/confirm/", employers.employer_import_confirm, name="employer_import_confirm"),
    path("employers/portfolios/", employers.portfolios, name="portfolios"),
    path("employers/week/", employers.weekly_plan, name="weekly_plan"),
    path("employers/contacts/<uuid:uuid>/edit/", employers.contact_edit, name="contact_edit"),
    path("employers/log/<uuid:uuid>/held/", employers.contact_log_mark_held, name="contact_log_mark_held"),
    path("employers/<uuid:uuid>/", employers.employer_detail, name="employer_detail"),
    path("employers/<uuid:uuid>/edit/", employers.employer_edit, name="employer_edit"),
    path("employers/<uuid:uuid>/contacts/new/", employers.contact_create, name="contact_create"),
    path("employers/<uuid:uuid>/reassign/", employers.employer_reassign, name="employer_reassign"),
    path("employers/<uuid:uuid>/pyramid/", employers.pyramid_edit, name="pyramid_edit"),
    path("employers/<uuid:uuid>/tier/", employers.tier_override, name="tier_override"),
    path("employers/<uuid:uuid>/account-plan/", employers.account_plan_edit, name="account_plan_edit"),
    path(
        "employers/<uuid:uuid>/account-plan/v<int:version>/",
        employers.account_plan_version,
        name="account_plan_version",
    ),
    path("employers/<uuid:uuid>/account-plan.pdf", employers.account_plan_pdf, name="account_plan_pdf"),
    path("employers/<uuid:uuid>/log/new/", employers.contact_log_create, name="contact_log_create"),
    # client team, proposals to the account plan, plan reviews
    path("employers/<uuid:uuid>/team/", client_team.client_team, name="client_team"),
    path("employers/team/<uuid:uuid>/remove/", client_team.client_team_remove, name="client_team_remove"),
    path("employers/<uuid:uuid>/account-plan/propose/", client_team.plan_proposal_create, name="plan_proposal_create"),
    path(
        "employers/account-plan/proposals/<uuid:uuid>/answer/",
        client_team.plan_proposal_answer,
        name="plan_proposal_answer",
    ),
    path("employers/<uuid:uuid>/account-plan/review/", client_team.account_plan_review, name="account_plan_review"),
    # satisfaction
    path("portal/survey/", satisfaction.satisfaction_survey, name="satisfaction_survey"),
    path(
        "portal/survey/recruitment/<uuid:uuid>/",
        satisfaction.satisfaction_survey_recruitment,
        name="satisfaction_survey_recruitment",
    ),
    path("statistics/satisfaction/", satisfaction.satisfaction_statistics, name="satisfaction_statistics"),
]
