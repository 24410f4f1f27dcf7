from django.urls import path

from . import views

app_name = "reactions"

urlpatterns = [
    path("reactions/", views.reaction_list, name="list"),
    path("reactions/<slug:slug>/", views.reaction_detail, name="detail"),
]
