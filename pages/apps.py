from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "中心介绍页面"
