from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import health
from core import views as core_views
from network import views as network_views

urlpatterns = [
    # Django's own admin (/django-admin/) is not routed: everything is managed in
    # Wagtail's admin, under one permission policy.
    path("healthz/", health.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("s/<str:code>/", network_views.permalink, name="guide_permalink"),
    path("search/", include("search.urls")),
    path("apply/", include("cases.urls")),
    path("text-size/", core_views.text_size, name="text_size"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

# Chinese error pages (templates/400.html …), simple and phone-first.
handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
