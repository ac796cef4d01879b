from django.conf import settings

TEXT_SIZE_COOKIE = "textsize"


def centre(request):
    """Site-wide template context: the centre's name and the resident's text-size choice."""
    return {
        "centre_name": settings.CENTRE_NAME,
        "large_text": request.COOKIES.get(TEXT_SIZE_COOKIE) == "large",
    }
