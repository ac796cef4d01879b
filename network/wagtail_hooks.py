from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin import TownshipScopedForm, scoped
from .models import AgencyPoint, LocalGuideDetails, Village
from .permissions import townships_managed_by


@scoped(lambda village: village.township_id)
class VillageViewSet(SnippetViewSet):
    model = Village
    icon = "site"
    menu_label = "行政村"
    list_display = ["name", "township", "slug", "sort_order"]
    list_filter = ["township"]
    search_fields = ["name"]
    edit_handler = ObjectList(Village.panels, base_form_class=TownshipScopedForm)

    def get_queryset(self, request):
        return Village.objects.filter(township__in=townships_managed_by(request.user)).select_related("township")


@scoped(lambda point: point.village.township_id)
class AgencyPointViewSet(SnippetViewSet):
    model = AgencyPoint
    icon = "user"
    menu_label = "代办点"
    list_display = ["village", "agent_name", "phone", "place"]
    list_filter = ["village__township", "village"]
    search_fields = ["agent_name", "place"]
    edit_handler = ObjectList(AgencyPoint.panels, base_form_class=TownshipScopedForm)

    def get_queryset(self, request):
        return AgencyPoint.objects.filter(village__township__in=townships_managed_by(request.user)).select_related("village")


@scoped(lambda details: details.township_id)
class LocalGuideDetailsViewSet(SnippetViewSet):
    model = LocalGuideDetails
    icon = "pick"
    menu_label = "本镇办理信息"
    list_display = ["guide", "township", "window", "phone"]
    list_filter = ["township"]
    search_fields = ["window", "location", "local_notes"]
    edit_handler = ObjectList(LocalGuideDetails.panels, base_form_class=TownshipScopedForm)

    def get_queryset(self, request):
        return LocalGuideDetails.objects.filter(township__in=townships_managed_by(request.user)).select_related(
            "township", "guide"
        )


class NetworkViewSetGroup(SnippetViewSetGroup):
    items = (LocalGuideDetailsViewSet, VillageViewSet, AgencyPointViewSet)
    menu_icon = "site"
    menu_label = "乡镇和村"
    menu_name = "village-network"
    menu_order = 220


register_snippet(NetworkViewSetGroup)
