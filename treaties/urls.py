from django.urls import path

from . import views

app_name = "treaties"

urlpatterns = [
    path("", views.treaty_list, name="list"),
    path("treaties/<slug:slug>/", views.treaty_detail, name="detail"),
]
