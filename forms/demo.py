"""Demo application forms (fixtures/forms/*.json) and who may submit on a
resident's behalf: window staff and the village agents (村代办员)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from guides.demo import DemoLogin, ensure_user
from guides.permissions import MANAGER_GROUP, staff_group_name
from guides.models import Window

from .importing import import_definition, read_definition

AGENT_GROUP = "村代办员"


def load_forms():
    outcomes = {}
    for path in sorted((settings.BASE_DIR / "fixtures" / "forms").glob("*.json")):
        outcome, _ = import_definition(read_definition(path))
        outcomes[path.stem] = outcome
    return outcomes


def load_proxy_permissions():
    permission = Permission.objects.get(content_type__app_label="forms", codename="submit_on_behalf")
    names = [MANAGER_GROUP] + [staff_group_name(window) for window in Window.objects.all()]
    for group in Group.objects.filter(name__in=names):
        group.permissions.add(permission)
    agents, _ = Group.objects.get_or_create(name=AGENT_GROUP)
    agents.permissions.add(permission)
    ensure_user("daiban", "daiban-demo", groups=[agents], first_name="村代办员")
    return [DemoLogin("daiban", "daiban-demo", "村代办员（只能代群众在线申报，不能进后台编辑）")]
