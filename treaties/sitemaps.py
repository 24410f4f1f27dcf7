"""The treaty pages search engines are told of (/sitemap.xml), in both languages, each with its
alternates: published records only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from . import selectors


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class TreatyPagesSitemap(BilingualSitemap):
    def items(self):
        return [
            "treaties:list",
            "treaties:compare",
            "treaties:timeline",
            "treaties:in-force",
            "treaties:methodology",
            "treaties:topic-list",
            "treaties:party-list",
            "treaties:source-list",
            "treaties:about",
            "core:data",
        ]

    def location(self, name):
        return reverse(name)


class TopicSitemap(BilingualSitemap):
    def items(self):
        return selectors.topic_list()


class PartySitemap(BilingualSitemap):
    def items(self):
        return selectors.party_record()


class TreatySitemap(BilingualSitemap):
    def items(self):
        return selectors.treaty_chronology()


class TreatyTextSitemap(BilingualSitemap):
    def items(self):
        return selectors.treaty_chronology()

    def location(self, treaty):
        return reverse("treaties:full-text", kwargs={"slug": treaty.slug})


class ClauseSitemap(BilingualSitemap):
    def items(self):
        return selectors.clause_addresses()
