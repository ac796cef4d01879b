"""Who may see the search report and edit synonyms: the centre's managers
(core.roles.is_manager: group 中心管理员 and superusers), and anyone granted the
Synonym model permissions in the admin's group settings. The synonym
snippet's views, chooser and bulk actions ask `SynonymPolicy` (core/policies.py)."""

from core.policies import ManagerPolicy
from core.roles import is_manager

__all__ = ["SynonymPolicy", "is_manager"]


class SynonymPolicy(ManagerPolicy):
    """The model's own permissions, plus every permission for managers."""

    public_choices = False
