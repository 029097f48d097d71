from django.apps import AppConfig


class KamportalConfig(AppConfig):
    name = "kamportal"
    verbose_name = "KAM Portal"
