from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    verbose_name = "在线申报"
