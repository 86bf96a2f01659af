from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accessibility.models.topics import Topic

BODY_HELP = _(
    "Write in Leichte Sprache: short sentences, one statement in each sentence, and each "
    "sentence on a line of its own. Use common words and always the same word for the "
    "same thing. Explain a difficult word the first time it comes up. No abbreviations, "
    "no foreign words, no figures of speech; active voice, no double negatives; numbers "
    "as digits. Address the reader directly (Sie). An empty line starts a new paragraph; "
    "a line starting with “## ” is a heading, one starting with “- ” an item of a list; "
    "[text](/address/) is a link. Shown publicly."
)


class EasyLanguagePageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True).order_by("order", "pk")


class EasyLanguagePage(models.Model):
    """A page in Leichte Sprache (BITV 2.0 § 4, Anlage 2 Teil 2), written and published
    by the press office in the admin."""

    title = models.CharField(_("title"), max_length=120, help_text=_(
        "Short and clear, for example “Was finden Sie auf dieser Seite?”. Shown publicly."))
    slug = models.SlugField(_("address"), max_length=80, unique=True, help_text=_(
        "The last part of the page's address: /leichte-sprache/<address>/. Lower-case "
        "letters, digits and hyphens."))
    topic = models.CharField(_("required explanation"), max_length=20, choices=Topic.choices,
                             blank=True, help_text=_(
        "Which of the four explanations the law asks for this page gives, if any."))
    body = models.TextField(_("text"), max_length=20_000, help_text=BODY_HELP)
    order = models.PositiveSmallIntegerField(_("order"), default=0, help_text=_(
        "Pages are listed by this number, smallest first."))
    published = models.BooleanField(_("published"), default=False, help_text=_(
        "Only published pages are shown."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = EasyLanguagePageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page in Leichte Sprache")
        verbose_name_plural = _("pages in Leichte Sprache")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("accessibility:easy_language_page", args=[self.slug])
