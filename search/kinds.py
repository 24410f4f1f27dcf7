"""The kinds of rows a search looks through, in the order the page shows them, with the names
the page uses. (No model here: the API's ?q= filter reads it while DRF is being imported.)"""

from django.utils.translation import gettext_lazy as _

KINDS = {
    "topics": _("Topics"),
    "treaties": _("Treaties"),
    "clauses": _("Articles"),
    "reactions": _("Reactions"),
    "parties": _("Parties that reacted"),
}
