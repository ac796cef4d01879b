"""Who may see the search report and edit synonyms: the centre's managers
(group 中心管理员, see guides/permissions.py), superusers, and anyone granted
the Synonym model permissions in the admin's group settings."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from core.roles import MANAGER_GROUP, is_manager


class ManagerPermissionPolicy(ModelPermissionPolicy):
    """The model's own permissions, plus every permission for managers."""

    def user_has_permission(self, user, action):
        return is_manager(user) or super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        managers = get_user_model().objects.filter(is_active=True, groups__name=MANAGER_GROUP)
        return (super().users_with_any_permission(actions) | managers).distinct()
