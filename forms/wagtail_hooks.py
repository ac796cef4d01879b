from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def show_if_controller():
    """The 显示条件 controller of the form editor (forms/static/forms/js/show_if.js)."""
    return format_html('<script src="{}"></script>', static("forms/js/show_if.js"))
