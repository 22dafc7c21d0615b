from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .workflow import PublishedVersion


class PublishedCell(models.Model):
    """One amount of a published version, copied from its frozen JSON when it was published.

    Written once, in the transaction that records the version, and never changed: search, comparisons
    and 汇总 read these rows (set-based, joined to the current version of each final account) instead
    of live facts, which may be a correction in progress. Every amount cell of the nine tables is here
    with its address (表, 行次, 栏次, code, key); so are the stated figures (table_kind "stated_figures",
    e.g. 机关运行经费) and year-start budgets (table_kind "budgets") that no table prints.
    """

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("公开版本"), on_delete=models.CASCADE, related_name="cells"
    )
    table_kind = models.CharField(_("表"), max_length=40)
    line = models.PositiveSmallIntegerField(_("行次"), null=True, blank=True)
    column = models.PositiveSmallIntegerField(_("栏次"), null=True, blank=True)
    code = models.CharField(_("科目编码"), max_length=10, blank=True)
    key = models.CharField(_("键"), max_length=60, blank=True)
    label = models.CharField(
        _("项目"), max_length=200, blank=True, help_text=_("所在行的名称，如“行政运行”“本年收入合计”。")
    )
    # Exact 元, as frozen; 万元 exist only on display (accounts.formatting).
    value = models.DecimalField(_("金额（元）"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("公开数据单元格")
        verbose_name_plural = _("公开数据单元格")
        ordering = ["version", "id"]
        constraints = [
            # An address names one cell of a version; NULL 行次/栏次 count as one address each.
            models.UniqueConstraint(
                "version",
                "table_kind",
                Coalesce("line", 0),
                Coalesce("column", 0),
                "code",
                "key",
                name="published_cell_unique_address",
            ),
            models.CheckConstraint(condition=~Q(table_kind=""), name="published_cell_table_kind_set"),
        ]
        indexes = [models.Index(fields=["table_kind", "code", "key"], name="published_cell_lookup")]

    def __str__(self):
        return (
            f"{self.version} {self.table_kind} {self.line}/{self.column} {self.code} {self.key}: {self.value}"
        )


class SearchPassage(models.Model):
    """One passage of a published version's frozen HTML, as the public search reads it.

    A heading, paragraph, list item or table row, with the anchor of the place it sits in the
    disclosure and the heading it falls under. Made from the frozen HTML once per version
    (accounts.open_data.search) and never changed. Searched with a case-insensitive substring match:
    Chinese has no spaces to split words at, and terms of two characters (三公) are common, which a
    trigram index cannot serve.
    """

    version = models.ForeignKey(
        PublishedVersion, verbose_name=_("公开版本"), on_delete=models.CASCADE, related_name="passages"
    )
    position = models.PositiveIntegerField(_("顺序"))
    anchor = models.CharField(_("锚点"), max_length=120, blank=True)
    heading = models.CharField(_("所在标题"), max_length=200, blank=True)
    text = models.TextField(_("文字"))

    class Meta:
        verbose_name = _("检索段落")
        verbose_name_plural = _("检索段落")
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="search_passage_unique_position")
        ]

    def __str__(self):
        return f"{self.version} #{self.position}: {self.text[:40]}"


class SearchGram(models.Model):
    """One pair of adjacent characters of a search passage: the index the public search reads first.

    A search looks up its term's rarest pairs here (a btree over (gram, passage), which is also the
    primary key) and checks only the passages holding all of them for the whole term. This serves
    terms of two characters (三公), which a trigram index cannot, on PostgreSQL and SQLite alike.
    `gram` packs the two characters' code points (lower-cased, the lower 16 bits of each) into one
    integer: a rare collision only adds a candidate that the substring check then drops.
    """

    pk = models.CompositePrimaryKey("gram", "passage")
    gram = models.IntegerField(_("字对"))
    passage = models.ForeignKey(
        SearchPassage,
        verbose_name=_("检索段落"),
        on_delete=models.CASCADE,
        related_name="grams",
        db_index=False,
    )

    class Meta:
        verbose_name = _("检索字对")
        verbose_name_plural = _("检索字对")

    def __str__(self):
        return f"{self.gram} → {self.passage_id}"
