from django.shortcuts import redirect

from core.site_info import site_for
from guides.models import get_live_guide

from .agency import township_index_for


def permalink(request, code):
    """/s/<事项编码>/ → the guide, wherever it sits in the tree. Printed on QR
    codes and counter notices, so it must never change. On a township site it
    leads to that township's view of the county guide."""
    guide = get_live_guide(code)
    township_index = township_index_for(site_for(request))
    if township_index is not None:
        return redirect(township_index.guide_url(guide))
    return redirect(guide.url)
