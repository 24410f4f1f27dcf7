"""The reaction pages search engines are told of (/sitemap.xml): published reactions only."""

from django.urls import reverse

from treaties.sitemaps import BilingualSitemap

from . import selectors


class ReactionPagesSitemap(BilingualSitemap):
    def items(self):
        return ["reactions:list"]

    def location(self, name):
        return reverse(name)


class ReactionSitemap(BilingualSitemap):
    def items(self):
        return selectors.reaction_addresses()
