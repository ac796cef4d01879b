from django.shortcuts import redirect

from .models import get_live_guide


def permalink(request, code):
    """/s/<事项编码>/ → the guide, wherever it sits in the tree. Printed on QR
    codes and counter notices, so it must never change."""
    return redirect(get_live_guide(code).url)
