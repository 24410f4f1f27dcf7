from django.contrib import admin

from core.admin import PublishableAdmin

from .models import Reaction
from .resources import ReactionResource


@admin.register(Reaction)
class ReactionAdmin(PublishableAdmin):
    list_display = ["__str__", "party", "stance", "date", "treaty"]
    list_filter = ["stance", "party", "treaty"]
    list_select_related = ["party", "treaty"]
    search_fields = ["speaker_en", "speaker_ar", "summary_en", "summary_ar", "quote"]
    date_hierarchy = "date"
    autocomplete_fields = ["treaty", "party", "sources"]
    resource_classes = [ReactionResource]
