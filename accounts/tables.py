"""List screens (django-tables2). The nine official statements are not here: see accounts.statements."""

import django_tables2 as tables
from django.utils.html import format_html

from .notifications import case_url


class ReviewQueueTable(tables.Table):
    """A bureau's final accounts awaiting or past review, with finding counts and the deadline."""

    department = tables.Column(verbose_name="部门", accessor="final_account__department__name")
    year = tables.Column(verbose_name="年度", accessor="final_account__year")
    status = tables.Column(verbose_name="状态", accessor="final_account__status", order_by=("status_order",))
    version = tables.Column(verbose_name="版本", accessor="final_account__version")
    errors = tables.Column(verbose_name="错误")
    unexplained = tables.Column(verbose_name="未说明的警告")
    due_on = tables.DateColumn(verbose_name="报送截止", format="Y-m-d", default="—")
    reviewer = tables.Column(verbose_name="审核人员", default="（未分配）", order_by=("mine_order",))
    open = tables.Column(verbose_name="", accessor="final_account", orderable=False)

    class Meta:
        attrs = {"class": "list-table"}
        row_attrs = {
            "class": lambda record: " ".join(
                name for name, on in (("overdue", record["overdue"]), ("mine", record["mine"])) if on
            )
        }
        empty_text = "暂无需要审核的部门决算。"
        orderable = True

    def render_status(self, record):
        text = record["final_account"].get_status_display()
        if record["overdue"]:
            return format_html('{} <strong class="overdue-label">（已逾期）</strong>', text)
        return text

    def render_reviewer(self, record, value):
        name = value.get_full_name() or value.username
        return format_html("{}（我）", name) if record["mine"] else name

    def render_open(self, value):
        return format_html(
            '<a href="{}">办理</a> <a href="{}compare/">版本比较</a>', case_url(value), case_url(value)
        )
