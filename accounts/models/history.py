from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .final_account import FinalAccount


class FigureChange(models.Model):
    """A recorded change of one figure or text: who, when, old and new value, why."""

    final_account = models.ForeignKey(FinalAccount, on_delete=models.CASCADE, related_name="changes")
    # Null only for changes no person made (the demo, migrations). PROTECT: deleting a person who changed
    # figures is refused (deactivate them instead), so the trail never turns their changes into “系统”.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.PROTECT
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    # The figure's address (accounts.addresses) is what code finds a change by; `field` is its Chinese
    # label as written at the time, for reading. Changes recorded before addresses existed keep only a
    # label where it could not be read back into an address.
    address = models.CharField(
        _("位置"),
        max_length=120,
        blank=True,
        help_text=_("被修改数据的位置，例如“expenditure|2080101|general_budget|basic”。"),
    )
    field = models.CharField(
        _("项目"),
        max_length=200,
        help_text=_("被修改的数据，例如“支出/2080101 行政运行/一般公共预算财政拨款/基本支出”。"),
    )
    old_value = models.TextField(_("原值"), blank=True)
    new_value = models.TextField(_("新值"), blank=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("修改记录")
        verbose_name_plural = _("修改记录")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["final_account", "-at"], name="figure_change_account_at"),
            models.Index(fields=["final_account", "address"], name="figure_change_account_address"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.field}: {self.old_value} → {self.new_value}"
