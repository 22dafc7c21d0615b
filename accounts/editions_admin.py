"""The admin of classification editions: a bureau's file uploaded, previewed and applied; an edition copied;
subjects listed with those pending for a final account, which an administrator confirms or maps.

The uploaded file is kept in storage between the preview and the apply (named by a signed token), read
again and applied as a whole, so what is applied is what was previewed unless the edition changed
since; the apply recomputes its changes from the database.
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from . import editions
from .models import EconomicSubject, Edition, FunctionalSubject

UPLOAD_DIR = "editions/uploads"
TOKEN_SALT = "accounts.editions.upload"
TOKEN_MAX_AGE = 3600  # seconds a preview stays valid


class EditionUploadForm(forms.Form):
    file = forms.FileField(
        label="科目表文件",
        help_text="财政部门的《政府收支分类科目》工作簿（.xlsx）或 CSV（UTF-8 或 GB18030）；"
        "须有“科目编码”（或“编码”“代码”，或分列的“类”“款”“项”）和“科目名称”（或“名称”）列，“说明”（或“备注”）列可选。",
    )
    year = forms.IntegerField(label="版本年度", min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label="科目类别",
        choices=[("", "按编码自动判断"), ("functional", "支出功能分类"), ("economic", "支出经济分类")],
        required=False,
    )
    base = forms.IntegerField(
        label="对比版本", min_value=2000, max_value=2100, required=False, help_text="默认为前一个已有版本。"
    )
    partial = forms.BooleanField(
        label="仍不完整", required=False, help_text="文件只含部分科目时勾选；完整的科目表不勾选。"
    )


class EditionCopyForm(forms.Form):
    from_year = forms.IntegerField(label="复制自版本", min_value=2000, max_value=2100)
    to_year = forms.IntegerField(label="新版本年度", min_value=2000, max_value=2100)


def _read_upload(upload):
    limit = editions.MAX_FILE_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            f"文件大小 {upload.size / 1024 / 1024:.1f} MB 超过上限 {limit // 1024 // 1024} MB。"
        )
    return upload.read(limit + 1)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "completeness",
        "functional_count",
        "economic_count",
        "pending_count",
        "source",
    ]
    fields = ["year", "partial", "source", "missing"]
    readonly_fields = ["missing"]

    def get_readonly_fields(self, request, obj=None):
        # The subjects carry the year: an edition's year is not changed under them.
        return ["year", "missing"] if obj is not None else ["missing"]

    change_list_template = "admin/accounts/edition/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                functional=_count(FunctionalSubject.objects),
                economic=_count(EconomicSubject.objects),
                pending_functional=_count(FunctionalSubject.all_objects.pending()),
                pending_economic=_count(EconomicSubject.all_objects.pending()),
            )
        )

    @admin.display(description="完整性")
    def completeness(self, edition):
        return "不完整（只含已见于公开文件的科目）" if edition.partial else "完整"

    @admin.display(description="功能分类科目")
    def functional_count(self, edition):
        return edition.functional

    @admin.display(description="经济分类科目")
    def economic_count(self, edition):
        return edition.economic

    @admin.display(description="部门决算中的待确认科目")
    def pending_count(self, edition):
        return edition.pending_functional + edition.pending_economic

    @admin.display(description="缺少的科目")
    def missing(self, edition):
        note = (
            "本版本不完整：只含已见于公开文件的科目，并非财政部印发的完整科目表。请上传财政部门的完整科目表。"
            if edition.partial
            else "本版本为完整科目表。"
        )
        pending = editions.edition_pending(edition.year)
        if not pending:
            return note + "部门决算中没有待确认科目。"
        return format_html(
            "{}以下科目为部门决算录入或导入、本版本没有的待确认科目：<ul>{}</ul>",
            note,
            format_html_join(
                "",
                "<li>{} {}（{}）</li>",
                ((s.code, s.name, s.pending_for.department.short_name) for s in pending),
            ),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("load/", view(self.load_view), name="accounts_edition_load"),
            path("load/apply/", view(self.apply_view), name="accounts_edition_apply"),
            path("copy/", view(self.copy_view), name="accounts_edition_copy"),
            *super().get_urls(),
        ]

    def _require(self, request):
        if not (
            self.has_add_permission(request) and request.user.has_perm("accounts.change_functionalsubject")
        ):
            raise PermissionDenied

    def _context(self, request, **context):
        return {**self.admin_site.each_context(request), "opts": self.model._meta, **context}

    def load_view(self, request):
        """Upload a bureau's file and preview what it changes; nothing is written."""
        self._require(request)
        form = EditionUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            year, kind = form.cleaned_data["year"], form.cleaned_data["kind"] or None
            try:
                data = _read_upload(upload)
                edition_file = editions.read_edition_file(data, filename=upload.name, kind=kind)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                base = form.cleaned_data["base"]
                against_previous = editions.compare_edition(edition_file, year, base=base)
                against_current = editions.compare_edition(edition_file, year, base=year)
                name = default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", ContentFile(data))
                token = signing.dumps(
                    {
                        "name": name,
                        "filename": upload.name[:100],
                        "year": year,
                        "kind": edition_file.kind,
                        "partial": form.cleaned_data["partial"],
                    },
                    salt=TOKEN_SALT,
                )
                return TemplateResponse(
                    request,
                    "admin/accounts/edition/preview.html",
                    self._context(
                        request,
                        title=f"预览：{year} 年版{editions.KIND_LABELS[edition_file.kind]}科目",
                        edition_file=edition_file,
                        previous=against_previous,
                        current=against_current,
                        token=token,
                        year=year,
                        partial=form.cleaned_data["partial"],
                        filename=upload.name,
                        listed=200,
                    ),
                )
        return TemplateResponse(
            request,
            "admin/accounts/edition/load.html",
            self._context(request, title="上传科目表", form=form),
        )

    def apply_view(self, request):
        """Apply the previewed file (POST only)."""
        self._require(request)
        if request.method != "POST":
            return redirect("admin:accounts_edition_load")
        try:
            token = signing.loads(request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, "预览已过期或无效，请重新上传文件。")
            return redirect("admin:accounts_edition_load")
        try:
            with default_storage.open(token["name"], "rb") as handle:
                data = handle.read()
        except (FileNotFoundError, OSError):
            messages.error(request, "预览的文件已不存在（可能已经载入），请重新上传。")
            return redirect("admin:accounts_edition_load")
        try:
            edition_file = editions.read_edition_file(data, filename=token["filename"], kind=token["kind"])
            changes = editions.apply_edition(
                edition_file, token["year"], partial=token["partial"], source=token["filename"]
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages[:5]))
            return redirect("admin:accounts_edition_load")
        default_storage.delete(token["name"])
        text = (
            f"已载入 {token['year']} 年版{editions.KIND_LABELS[changes.kind]}科目：新增 {len(changes.added)} 个，"
            f"改名 {len(changes.renamed)} 个，删除 {len(changes.retired)} 个"
        )
        if changes.kept_in_use:
            text += f"，仍被部门决算使用而保留 {len(changes.kept_in_use)} 个（{'、'.join(c for c, _ in changes.kept_in_use[:10])}）"
        messages.success(request, text + "。")
        return redirect("admin:accounts_edition_changelist")

    def copy_view(self, request):
        """Start a new edition as a copy of another."""
        self._require(request)
        form = EditionCopyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                added = editions.copy_edition(form.cleaned_data["from_year"], form.cleaned_data["to_year"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"已将 {form.cleaned_data['from_year']} 年版复制为 {form.cleaned_data['to_year']} 年版：新增 {added} 个科目。",
                )
                return redirect("admin:accounts_edition_changelist")
        return TemplateResponse(
            request,
            "admin/accounts/edition/copy.html",
            self._context(request, title="复制科目版本", form=form),
        )


def _count(queryset):
    """The number of subjects of `queryset` in the edition of the row (a subquery, one per column)."""
    counted = queryset.filter(edition=OuterRef("year")).values("edition").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


class PendingFilter(admin.SimpleListFilter):
    title = "状态"
    parameter_name = "pending"

    def lookups(self, request, model_admin):
        return [("yes", "待确认"), ("no", "版本中的科目")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pending_for__isnull=False)
        if self.value() == "no":
            return queryset.filter(pending_for__isnull=True)
        return queryset


class MapForm(forms.Form):
    target = forms.CharField(label="改为科目编码", max_length=7)


class SubjectAdmin(admin.ModelAdmin):
    """Subjects of every edition, and those pending for a final account (confirmed or mapped here)."""

    search_fields = ["code", "name"]
    raw_id_fields = ["parent", "pending_for"]
    actions = ["confirm_selected"]

    def get_queryset(self, request):
        return self.model.all_objects.select_related("pending_for__department")

    @admin.display(description="待确认（部门决算）")
    def pending(self, subject):
        return str(subject.pending_for) if subject.pending_for_id else ""

    @admin.action(description="确认所选待确认科目，纳入其版本")
    def confirm_selected(self, request, queryset):
        done = 0
        for subject in queryset.filter(pending_for__isnull=False).order_by("code"):
            try:
                editions.confirm_pending_subject(subject, by=request.user)
            except (ValidationError, PermissionDenied, self.model.DoesNotExist):
                continue  # a 类 or 款 confirmed with its child above, or not the user's to confirm
            done += 1
        messages.success(request, f"已确认 {done} 个科目。")

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path("<int:pk>/map/", self.admin_site.admin_view(self.map_view), name=f"{info[0]}_{info[1]}_map"),
            *super().get_urls(),
        ]

    @admin.display(description="处理")
    def settle(self, subject):
        if not subject.pending_for_id:
            return ""
        info = self.model._meta.app_label, self.model._meta.model_name
        return format_html(
            '<a href="{}">改为已有科目</a>', reverse(f"admin:{info[0]}_{info[1]}_map", args=[subject.pk])
        )

    def map_view(self, request, pk):
        """Map a pending subject to a code of its edition: its figures move there, recorded."""
        subject = self.model.all_objects.filter(pk=pk, pending_for__isnull=False).first()
        if subject is None or not self.has_change_permission(request, subject):
            raise PermissionDenied
        form = MapForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                target = editions.map_pending_subject(subject, form.cleaned_data["target"], by=request.user)
            except ValidationError as error:
                form.add_error("target", error)
            else:
                messages.success(
                    request,
                    f"科目 {subject.code} {subject.name} 已改为 {target.code} {target.name}，金额已移入。",
                )
                info = self.model._meta.app_label, self.model._meta.model_name
                return redirect(f"admin:{info[0]}_{info[1]}_changelist")
        return TemplateResponse(
            request,
            "admin/accounts/edition/map.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"改为已有科目：{subject.code} {subject.name}",
                "subject": subject,
                "form": form,
            },
        )


@admin.register(FunctionalSubject)
class FunctionalSubjectAdmin(SubjectAdmin):
    list_display = ["code", "name", "edition", "parent", "pending", "settle"]
    list_filter = ["edition", PendingFilter]


@admin.register(EconomicSubject)
class EconomicSubjectAdmin(SubjectAdmin):
    list_display = ["code", "name", "edition", "group", "pending", "settle"]
    list_filter = ["edition", "group", PendingFilter]
