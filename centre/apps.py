from django.apps import AppConfig


class CentreConfig(AppConfig):
    name = "centre"
    verbose_name = "便民服务中心"

    def ready(self):
        from wagtail.admin import auth

        from .admin_auth import permission_denied

        # Wagtail answers a refused admin request with a redirect to the dashboard.
        # Here a refused request is a 403 (with the same Chinese message and a
        # link back), so refusals show up as such in logs, audits and tests.
        auth.permission_denied = permission_denied
