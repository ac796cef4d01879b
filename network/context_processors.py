"""Template context of the village network: the requested Site's village index (村级代办点)."""

from django.utils.functional import SimpleLazyObject

from core.site_info import site_for

from .agency import village_index_for


def villages(request):
    return {"village_index": SimpleLazyObject(lambda: village_index_for(site_for(request)) or "")}
