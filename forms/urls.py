from django.urls import path

from . import views

app_name = "forms"
urlpatterns = [
    path("status/", views.status, name="status"),
    path("submitted/<str:reference>/", views.confirmation, name="confirmation"),
    path("submitted/<str:reference>/receipt/", views.receipt_pdf, name="receipt"),
    path("files/<int:pk>/", views.attachment, name="attachment"),
]
