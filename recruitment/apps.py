from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from candidates.signals import consent_withdrawn
        from recruitment.services.hiring import consent_withdrawal_reach

        consent_withdrawn.connect(consent_withdrawal_reach, dispatch_uid="recruitment.consent_withdrawal_reach")
