"""Demo application forms (fixtures/forms/*.json) and who may submit on a
resident's behalf: window staff and the village agents (村代办员)."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from core.roles import AGENT_GROUP, MANAGER_GROUP, SUBMIT_ON_BEHALF_PERMISSION
from guides.demo import DemoLogin, ensure_user
from guides.models import Window
from guides.permissions import staff_group

from .importing import import_definition, read_definition


def load_forms():
    outcomes = {}
    for path in sorted((settings.BASE_DIR / "fixtures" / "forms").glob("*.json")):
        outcome, _ = import_definition(read_definition(path))
        outcomes[path.stem] = outcome
    return outcomes


def load_proxy_permissions():
    app_label, codename = SUBMIT_ON_BEHALF_PERMISSION.split(".")
    permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    groups = [Group.objects.get_or_create(name=MANAGER_GROUP)[0]] + [staff_group(window) for window in Window.objects.all()]
    for group in groups:
        group.permissions.add(permission)
    agents, _ = Group.objects.get_or_create(name=AGENT_GROUP)
    agents.permissions.add(permission)
    ensure_user("daiban", "daiban-demo", groups=[agents], first_name="村代办员")
    return [DemoLogin("daiban", "daiban-demo", "村代办员（只能代群众在线申报，不能进后台编辑）")]
