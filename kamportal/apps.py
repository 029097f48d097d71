from django.apps import AppConfig, apps


class KamportalConfig(AppConfig):
    name = "kamportal"
    verbose_name = "KAM Portal"

    def ready(self):
        from kamportal.lib import choices_display

        choices_display.install(apps.get_models(include_auto_created=True))
