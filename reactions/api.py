from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.renderers import JSONRenderer

from core.api import ChangeLogMixin, SlugViewSet
from core.renderers import CSVRenderer

from . import selectors
from .filters import ReactionApiFilter
from .serializers import ReactionSerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv"],
                description="csv: every matching reaction, one per row, unpaginated.",
            )
        ],
        responses={
            (200, "application/json"): ReactionSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="Every matching reaction, one per row."
            ),
        },
    )
)
class ReactionViewSet(ChangeLogMixin, SlugViewSet):
    serializer_class = ReactionSerializer
    filterset_class = ReactionApiFilter
    full_text_search = True
    ordering_fields = ["date", "slug", "stance"]

    def get_queryset(self):
        return selectors.reaction_list(drafts=self.drafts)

    def get_renderers(self):
        """The list also exports as CSV; one reaction, and what a write answers, are JSON."""
        if self.action == "list":
            return [JSONRenderer(), CSVRenderer()]
        return super().get_renderers()
