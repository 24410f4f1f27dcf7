"""The releases in the API: each one's changelog, the address of the record as it was, and its
files with their checksums (core.releases)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from .api import CanonicalSelfLink, CSVListMixin, TranslatedField
from .models import Release, ReleaseFile
from .releases import release_url, site_prefix
from .selectors import releases


class ReleaseFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where to download the file.")

    class Meta:
        model = ReleaseFile
        fields = ["name", "format", "size", "sha256", "url"]

    @extend_schema_field(serializers.URLField())
    def get_url(self, file) -> str:
        return self.context["request"].build_absolute_uri(file.get_absolute_url())


class ReleaseSerializer(serializers.ModelSerializer):
    api_url = CanonicalSelfLink(view_name="api:release-detail", lookup_field="number")
    made_on = serializers.DateField(read_only=True)
    changelog = TranslatedField(read_only=True)
    site_url = serializers.SerializerMethodField(
        help_text="The site as it was in this release: its pages, and its API under api/."
    )
    files = ReleaseFileSerializer(many=True, read_only=True)

    class Meta:
        model = Release
        fields = [
            "api_url", "number", "made_on", "record_version", "changelog", "site_url", "files",
        ]  # fmt: skip

    @extend_schema_field(serializers.URLField())
    def get_site_url(self, release) -> str:
        request = self.context["request"]
        prefix = site_prefix(request)
        return request.build_absolute_uri(release_url(release.number, prefix, prefix=prefix))


class ReleaseViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """Numbered, dated snapshots of the published record, newest first, with their files."""

    serializer_class = ReleaseSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,9}"
    ordering_fields = ["number", "made_at"]

    def get_queryset(self):
        return releases()
