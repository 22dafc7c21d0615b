"""Report formats in the admin: edit tables and 类 rows, copy as a version or variant, see the outline.

Every change is validated like a format file (format_schema), each error under the part it concerns. A
format in use (a submitted, approved or published final account uses it) is never changed in place:
saving it saves the edit as the format's next version, which drafts take only through the action
"把草稿改用此版本" (or `manage.py move_to_format`).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from .final_accounts import MOVABLE_STATUSES, move_drafts, variant_name
from .format_schema import KIND_NAMES, format_errors
from .models import CategoryRow, FinalAccount, FormatChange, ReportFormat, ReportTable
from .models.formats import FROZEN_STATUSES
from .reference_data import copy_format, format_data, save_format_version

FORMAT_FIELDS = ("name", "source", "line_numbers", "labels", "document")
TABLE_FIELDS = ("kind", "number", "title", "notes", "empty_sentence", "layout")
ROW_FIELDS = ("position", "code", "name", "summary_line", "appropriation_line")
IDENTITY_FIELDS = ("year", "region", "variant")

# Stand-ins for a part not yet saved, so that each part of a new format is checked on its own.
STAND_IN_TABLES = [{"kind": "official_expenses", "number": 1, "title": "（暂缺）"}]
STAND_IN_ROWS = [
    {"position": 1, "code": "201", "name": "（暂缺）", "summary_line": 1, "appropriation_line": 1}
]

NUMERALS = "一二三四五六七八九十"


def chinese_number(n):
    """Return 1…99 in Chinese numerals as sections are numbered (一, 十一, 二十三)."""
    tens, ones = divmod(n, 10)
    if n <= 10:
        return NUMERALS[n - 1]
    return (NUMERALS[tens - 1] if tens > 1 else "") + "十" + (NUMERALS[ones - 1] if ones else "")


def _data(report_format, **parts):
    """Return the file data of `report_format` as it is in memory, with `parts` replacing saved ones."""
    data = {
        "year": report_format.year,
        "region": report_format.region,
        "variant": report_format.variant,
        "version": report_format.version,
        **{field: getattr(report_format, field) for field in FORMAT_FIELDS},
    }
    saved = format_data(report_format) if report_format.pk else {"tables": [], "category_rows": []}
    data["tables"] = parts.get("tables", saved["tables"] or STAND_IN_TABLES)
    data["category_rows"] = parts.get("category_rows", saved["category_rows"] or STAND_IN_ROWS)
    return data


def _errors_of(data, *prefixes, exclude=()):
    return [
        message
        for message in format_errors(data)
        if (not prefixes or message.startswith(prefixes)) and not message.startswith(exclude)
    ]


def _formset_items(formset, fields):
    """Return the items a valid formset would save, as dicts of `fields`, in form order."""
    items = []
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or form in formset.deleted_forms:
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        items.append({field: form.cleaned_data.get(field) for field in fields})
    return items


class ReportFormatForm(forms.ModelForm):
    class Meta:
        model = ReportFormat
        fields = ["year", "region", "variant", "version", *FORMAT_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A format in use is saved as its next version (ReportFormatAdmin.save_related), so the model's
        # refusal to change it in place does not apply to this form.
        self.instance.edit_as_new_version = self.instance.is_in_use()

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        fields = ["year", "region", "variant", "version", *FORMAT_FIELDS]
        candidate = ReportFormat(**{f: cleaned.get(f, getattr(self.instance, f)) for f in fields})
        candidate.pk = self.instance.pk
        errors = _errors_of(_data(candidate), exclude=("tables", "category_rows"))
        if errors:
            raise ValidationError(errors)
        return cleaned


class TableFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        errors = _errors_of(_data(self.instance, tables=_formset_items(self, TABLE_FIELDS)), "tables")
        if errors:
            raise ValidationError(errors)


class CategoryRowFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = _formset_items(self, ROW_FIELDS)
        errors = _errors_of(_data(self.instance, category_rows=rows), "category_rows")
        if errors:
            raise ValidationError(errors)


class ReportTableInline(admin.StackedInline):
    model = ReportTable
    formset = TableFormSet
    extra = 0


class CategoryRowInline(admin.TabularInline):
    model = CategoryRow
    formset = CategoryRowFormSet
    extra = 0


@admin.register(ReportFormat)
class ReportFormatAdmin(admin.ModelAdmin):
    form = ReportFormatForm
    list_display = ["name", "year", "region", "variant_shown", "version", "in_use"]
    list_filter = ["year", "region"]
    search_fields = ["name", "variant"]
    inlines = [ReportTableInline, CategoryRowInline]
    actions = ["copy_as_new_version", "copy_as_new_variant", "move_drafts_here"]

    @admin.display(description="变体")
    def variant_shown(self, obj):
        return variant_name(obj.variant)

    def get_queryset(self, request):
        frozen = FinalAccount.objects.filter(report_format=OuterRef("pk")).filter(
            Q(status__in=FROZEN_STATUSES) | Q(published_versions__isnull=False)
        )
        return super().get_queryset(request).annotate(used=Exists(frozen))

    @admin.display(description="使用中", boolean=True)
    def in_use(self, obj):
        return obj.used

    def get_readonly_fields(self, request, obj=None):
        fields = ["version", "usage", "outline"]
        if obj is not None and obj.is_in_use():
            fields[:0] = IDENTITY_FIELDS
        return fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.is_in_use())

    @admin.display(description="使用情况")
    def usage(self, obj):
        if obj.pk is None:
            return "新格式，尚未使用。"
        drafts = obj.final_accounts.filter(status__in=MOVABLE_STATUSES).count()
        if obj.is_in_use():
            return format_html(
                "已被已报送、已审核或已公开的决算使用，不能修改；保存修改将另存为第 {} 版（草稿 {} 份仍用本版，"
                "可用操作“把草稿改用此版本”改用新版）。",
                self._next_version(obj),
                drafts,
            )
        return f"未被已报送或已公开的决算使用，可直接修改（草稿 {drafts} 份使用本版）。"

    @admin.display(description="报表与文档结构")
    def outline(self, obj):
        if obj.pk is None:
            return "保存后显示。"
        tables = format_html_join(
            "",
            "<li>表{} {}<small>（{}）</small>{}</li>",
            (
                (
                    table.number,
                    table.title,
                    KIND_NAMES.get(table.kind, table.kind),
                    self._columns(table, obj.line_numbers),
                )
                for table in obj.tables.order_by("number")
            ),
        )
        rows = obj.category_rows.order_by("position")
        category = "、".join(f"{chinese_number(r.position)}、{r.name}" for r in rows)
        document = obj.document or {}
        if document.get("parts"):
            cover = format_html(
                "<p>封面：{}{}</p>",
                document.get("cover_title", ""),
                "".join(f" / {line}" for line in document.get("cover_lines", [])),
            )
            parts = format_html_join(
                "",
                "<li>{}{}</li>",
                ((p["title"], self._sections(p.get("sections", []))) for p in document["parts"]),
            )
            shown = format_html("{}<ol class='format-outline'>{}</ol>", cover, parts)
        else:
            shown = format_html("<p>{}</p>", "未设定文档结构：按全国通用的结构印制。")
        return format_html(
            "<h4>报表</h4><ol>{}</ol><h4>表1、表4 类级行（{} 行）</h4><p>{}</p><h4>文档</h4>{}",
            tables,
            rows.count(),
            category,
            shown,
        )

    def _columns(self, table, line_numbers):
        columns = table.layout.get("columns", [])
        if not columns:
            return ""
        labels = "、".join(
            f"{c['label']}（{c['number']}栏）" if line_numbers else c["label"]
            for c in columns
            if "label" in c
        )
        return format_html("：{}", labels)

    def _sections(self, sections, depth=0):
        if not sections:
            return ""
        items = format_html_join(
            "",
            "<li>{}{}</li>",
            (
                (
                    (f"{chinese_number(n)}、" if depth == 0 else f"（{chinese_number(n)}）")
                    + section["title"],
                    self._sections(section.get("sections", []), depth + 1),
                )
                for n, section in enumerate(sections, start=1)
            ),
        )
        return format_html("<ul>{}</ul>", items)

    @staticmethod
    def _next_version(obj):
        siblings = ReportFormat.objects.filter(year=obj.year, region=obj.region, variant=obj.variant)
        return max(siblings.values_list("version", flat=True)) + 1

    def save_model(self, request, obj, form, change):
        if change and ReportFormat.objects.get(pk=obj.pk).is_in_use():
            return  # saved as the next version in save_related, once the tables and rows are known
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        original = ReportFormat.objects.get(pk=form.instance.pk) if change else None
        if original is None or not original.is_in_use():
            return super().save_related(request, form, formsets, change)
        by_model = {formset.model: formset for formset in formsets}
        data = {field: form.cleaned_data[field] for field in FORMAT_FIELDS}
        data["tables"] = _formset_items(by_model[ReportTable], TABLE_FIELDS)
        data["category_rows"] = _formset_items(by_model[CategoryRow], ROW_FIELDS)
        saved = save_format_version(original, data)
        for formset in formsets:
            # The change message reads what the formsets saved: here nothing, the copy holds the edit.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        form.instance.saved_as = saved.report_format
        if saved.outcome == "new_version":
            self.message_user(
                request,
                f"“{original}”已被使用，修改已另存为第 {saved.report_format.version} 版；"
                "草稿仍用原版本，需改用时请对新版本执行“把草稿改用此版本”。",
                messages.WARNING,
            )

    def response_change(self, request, obj):
        saved = getattr(obj, "saved_as", None)
        if saved is not None and saved.pk != obj.pk:
            return HttpResponseRedirect(reverse("admin:accounts_reportformat_change", args=[saved.pk]))
        return super().response_change(request, obj)

    @admin.action(description="复制为新版本")
    def copy_as_new_version(self, request, queryset):
        for report_format in queryset:
            copy = copy_format(report_format)
            self.message_user(request, f"已把“{report_format}”复制为第 {copy.version} 版。")

    @admin.action(description="复制为新变体")
    def copy_as_new_variant(self, request, queryset):
        for report_format in queryset:
            base, n = f"{report_format.variant}副本", 1
            variant = base
            while ReportFormat.objects.filter(
                year=report_format.year, region=report_format.region, variant=variant
            ).exists():
                n += 1
                variant = f"{base}{n}"
            copy = copy_format(report_format, variant=variant)
            self.message_user(
                request, f"已把“{report_format}”复制为变体“{copy.variant}”，请修改其变体名称和内容。"
            )

    @admin.action(description="把草稿改用此版本")
    def move_drafts_here(self, request, queryset):
        for report_format in queryset:
            try:
                changes = move_drafts(
                    report_format, by=request.user, reason=f"管理员改用第 {report_format.version} 版格式"
                )
            except ValidationError as exc:
                self.message_user(request, "；".join(exc.messages), messages.ERROR)
                continue
            self.message_user(
                request, f"“{report_format}”（第 {report_format.version} 版）：改用的草稿 {len(changes)} 份。"
            )


@admin.register(FormatChange)
class FormatChangeAdmin(admin.ModelAdmin):
    """Format changes are recorded by use_format only."""

    list_display = ["at", "final_account", "old_format", "new_format", "user", "reason"]
    list_select_related = ["final_account__department", "old_format", "new_format", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
