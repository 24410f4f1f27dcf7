from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
        ]
    )
)
class ReactionViewSet(ChangeLogMixin, SlugViewSet):
    serializer_class = ReactionSerializer
    filterset_class = ReactionApiFilter
    full_text_search = True
    ordering_fields = ["date", "slug", "stance"]
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get_queryset(self):
        return selectors.reaction_list(drafts=self.drafts)
