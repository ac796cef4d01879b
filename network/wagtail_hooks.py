from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.policies import PolicySnippetViewSet, register_policy

from .admin import TownshipScopedForm
from .models import AgencyPoint, LocalGuideDetails, Village
from .permissions import AgencyPointPolicy, LocalGuideDetailsPolicy, VillagePolicy

# One policy per model, registered before any view asks (core/policies.py).
register_policy(Village, VillagePolicy)
register_policy(AgencyPoint, AgencyPointPolicy)
register_policy(LocalGuideDetails, LocalGuideDetailsPolicy)


class VillageViewSet(PolicySnippetViewSet):
    model = Village
    icon = "site"
    menu_label = "行政村"
    list_display = ["name", "township", "slug", "sort_order"]
    list_filter = ["township"]
    search_fields = ["name"]
    edit_handler = ObjectList(Village.panels, base_form_class=TownshipScopedForm)
    list_select_related = ("township",)


class AgencyPointViewSet(PolicySnippetViewSet):
    model = AgencyPoint
    icon = "user"
    menu_label = "代办点"
    list_display = ["village", "agent_name", "phone", "place"]
    list_filter = ["village__township", "village"]
    search_fields = ["agent_name", "place"]
    edit_handler = ObjectList(AgencyPoint.panels, base_form_class=TownshipScopedForm)
    list_select_related = ("village",)


class LocalGuideDetailsViewSet(PolicySnippetViewSet):
    model = LocalGuideDetails
    icon = "pick"
    menu_label = "本镇办理信息"
    list_display = ["guide", "township", "window", "phone"]
    list_filter = ["township"]
    search_fields = ["window", "location", "local_notes"]
    edit_handler = ObjectList(LocalGuideDetails.panels, base_form_class=TownshipScopedForm)
    list_select_related = ("township", "guide")


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (LocalGuideDetailsViewSet, VillageViewSet, AgencyPointViewSet)
    menu_icon = "site"
    menu_label = "乡镇和村"
    menu_name = "village-network"
    menu_order = 220


register_snippet(NetworkViewSetGroup)
