from django.apps import AppConfig


class CasedeskConfig(AppConfig):
    name = "casedesk"
    verbose_name = "办件管理"
