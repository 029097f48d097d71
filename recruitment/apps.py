from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Recruitment")

    def ready(self):
        from candidates.signals import consent_withdrawn
        from recruitment.services.hiring import consent_withdrawal_reach

        consent_withdrawn.connect(consent_withdrawal_reach, dispatch_uid="recruitment.consent_withdrawal_reach")

        from django.apps import apps
        from django.db.models.signals import pre_save

        from recruitment.rules import text_lengths_guard

        for label in ("recruitment", "candidates"):
            for model in apps.get_app_config(label).get_models():
                pre_save.connect(
                    text_lengths_guard, sender=model, dispatch_uid=f"text_lengths.{model._meta.label_lower}"
                )
