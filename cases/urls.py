from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("status/", views.status, name="status"),
    path("status/<str:reference>/", views.status_case, name="status_case"),
    path("status/<str:reference>/correction/", views.correction_upload, name="correction_upload"),
    path("status/<str:reference>/rating/", views.rate, name="rate"),
    path("status/<str:reference>/notice/<slug:kind>/", views.status_notice, name="status_notice"),
    path("submitted/<str:reference>/", views.confirmation, name="confirmation"),
    path("submitted/<str:reference>/receipt/", views.receipt_pdf, name="receipt"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
