from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("data/", views.data, name="data"),
]
