from core.api import ChangeLogMixin, CitableMixin, SlugViewSet

from . import selectors
from .filters import ReactionApiFilter
from .serializers import ReactionSerializer


class ReactionViewSet(CitableMixin, ChangeLogMixin, SlugViewSet):
    serializer_class = ReactionSerializer
    filterset_class = ReactionApiFilter
    full_text_search = True
    ordering_fields = ["date", "slug", "stance"]

    def get_queryset(self):
        return selectors.reaction_list(drafts=self.drafts)
