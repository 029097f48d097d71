"""The recruitment app's reminder kinds, one module per concept (found by the sweep in accounts/reminders.py).

Each finder only reads, in a fixed number of queries whatever the number of rows, and leaves out
what was already sent for the same key. Importing this package registers every kind.
"""

from recruitment.reminders.accounts import ACCOUNT_PLAN_REVIEW_DUE, account_plans_due_for_review
from recruitment.reminders.common import TEMPLATES
from recruitment.reminders.employers import (
    QUARTERLY_FOLLOW_UP,
    employers_without_quarterly_follow_up,
    quarterly_follow_up_due_date,
)
from recruitment.reminders.interviews import INTERVIEW_TOMORROW, interviews_tomorrow
from recruitment.reminders.mapping import (
    APPROVAL_REMINDER_EVERY,
    MAPPING_AWAITING_APPROVAL,
    approval_reminder_due_date,
    mapping_forms_awaiting_approval,
)
from recruitment.reminders.placements import (
    ATTENDANCE_AWAITING_APPROVAL,
    PLACEMENT_FOLLOW_UP_DUE,
    PLACEMENT_THREE_PARTY_MEETING,
    attendance_awaiting_approval,
    placements_follow_up_due,
    placements_needing_three_party_meeting,
    placements_with_follow_up_due,
)
from recruitment.reminders.recruitments import (
    CV_DEADLINE_PASSED,
    CV_DEADLINE_SOON,
    CV_DEADLINE_SOON_WORKING_DAYS,
    LIST_FEEDBACK_OVERDUE,
    LIST_FEEDBACK_OVERDUE_CONTACT,
    LIST_UNANSWERED_DAYS,
    LIST_UNANSWERED_FOUR_WEEKS,
    cv_deadline_passed_recruitments,
    cv_deadline_soon_recruitments,
    cv_deadline_soon_requests,
    cv_deadline_soon_window,
    cv_deadlines_passed,
    cv_deadlines_soon,
    feedback_overdue_on,
    list_unanswered_due_date,
    lists_unanswered_four_weeks,
    lists_unanswered_four_weeks_on,
    lists_waiting_for_answers,
    lists_with_feedback_overdue,
    lists_with_feedback_overdue_on,
    lists_with_feedback_overdue_to_the_contact,
    unanswered_four_weeks_on,
)

__all__ = [
    "ATTENDANCE_AWAITING_APPROVAL",
    "PLACEMENT_THREE_PARTY_MEETING",
    "attendance_awaiting_approval",
    "placements_needing_three_party_meeting",
    "ACCOUNT_PLAN_REVIEW_DUE",
    "APPROVAL_REMINDER_EVERY",
    "CV_DEADLINE_PASSED",
    "CV_DEADLINE_SOON",
    "CV_DEADLINE_SOON_WORKING_DAYS",
    "INTERVIEW_TOMORROW",
    "LIST_FEEDBACK_OVERDUE",
    "LIST_FEEDBACK_OVERDUE_CONTACT",
    "LIST_UNANSWERED_DAYS",
    "LIST_UNANSWERED_FOUR_WEEKS",
    "MAPPING_AWAITING_APPROVAL",
    "PLACEMENT_FOLLOW_UP_DUE",
    "QUARTERLY_FOLLOW_UP",
    "TEMPLATES",
    "account_plans_due_for_review",
    "approval_reminder_due_date",
    "cv_deadline_passed_recruitments",
    "cv_deadline_soon_recruitments",
    "cv_deadline_soon_requests",
    "cv_deadline_soon_window",
    "cv_deadlines_passed",
    "cv_deadlines_soon",
    "employers_without_quarterly_follow_up",
    "interviews_tomorrow",
    "list_unanswered_due_date",
    "lists_unanswered_four_weeks",
    "feedback_overdue_on",
    "lists_unanswered_four_weeks_on",
    "lists_waiting_for_answers",
    "lists_with_feedback_overdue",
    "lists_with_feedback_overdue_on",
    "unanswered_four_weeks_on",
    "lists_with_feedback_overdue_to_the_contact",
    "mapping_forms_awaiting_approval",
    "placements_follow_up_due",
    "placements_with_follow_up_due",
    "quarterly_follow_up_due_date",
]
