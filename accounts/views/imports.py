"""Import of the nine tables from an Excel workbook: upload, preview (changes and findings), apply.

Only the department's accountants reach these pages; anyone else gets a 404. The uploaded file is kept
in the storage between the preview and the apply (the session holds its name and hash) and is read
and checked again when applied, so a preview never vouches for what is saved. The preview's forms
carry a signed token of the previewed upload: confirming a preview whose upload has since been
replaced (another tab), applied, removed or altered is refused, never applied to the newer upload.
"""

import hashlib
import uuid
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from ..choices import NamedFigure
from ..editing import PROVENANCE
from ..final_accounts import NATIONAL, variant_name
from ..importing import (
    MAX_FILE_BYTES,
    ImportRefused,
    WorkbookError,
    apply_import,
    prepare_import,
    read_upload,
)
from ..importing.pdf import MAX_PDF_BYTES
from ..importing.presentation import change_rows, file_unit, finding_rows
from ..importing.prior_year import apply_prior_year, prepare_prior_year
from ..importing.reading import too_large_message
from ..importing.template import build_template
from ..models import Membership, PriorYearFigure, ReportFormat
from ..queries import final_accounts_kept_by
from ..rules.engine import Severity

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT_SUBJECTS_PERMISSION = "accounts.add_functionalsubject"


# An upload is a workbook or a published disclosure PDF, each with its own size limit.
UPLOAD_LIMITS = {".xlsx": MAX_FILE_BYTES, ".pdf": MAX_PDF_BYTES}
UPLOAD_KIND_MESSAGE = "请上传 .xlsx 工作簿（Excel 2007 及以后的格式）或公开的 .pdf 文件。"
PDF_CONTENT_TYPE = "application/pdf"


def upload_limit(name):
    """Return the size limit of an upload named `name`, or None for a kind of file not taken."""
    return UPLOAD_LIMITS.get(PurePosixPath(str(name).lower()).suffix)


def clean_document(upload):
    """Return `upload` if it is an .xlsx workbook or a PDF within its limit, else raise ValidationError."""
    limit = upload_limit(upload.name)
    if limit is None:
        raise forms.ValidationError(UPLOAD_KIND_MESSAGE)
    if upload.size > limit:
        raise forms.ValidationError(too_large_message(upload.size, limit))
    return upload


def document_widget():
    return forms.ClearableFileInput(attrs={"accept": f".xlsx,.pdf,{XLSX_CONTENT_TYPE},{PDF_CONTENT_TYPE}"})


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label="工作簿（.xlsx）或公开的 PDF（.pdf）",
        help_text=(
            "工作簿每张表一张工作表，表名、表头按公开格式，金额单位在表中注明（万元或元），"
            f"不超过 {MAX_FILE_BYTES // 1024 // 1024} MB；或本部门已公开的决算 PDF（须有文字层，不能是扫描件），"
            f"不超过 {MAX_PDF_BYTES // 1024 // 1024} MB。"
        ),
        widget=document_widget(),
    )

    def clean_workbook(self):
        return clean_document(self.cleaned_data["workbook"])


def _importable(request, bureau, department, year):
    """The final account at this address if `request.user` keeps its department's accounts, else 404."""
    return get_object_or_404(
        final_accounts_kept_by(request.user).select_related("department__bureau", "report_format"),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )


def _session_key(final_account, purpose="import"):
    return f"{purpose}-upload-{final_account.pk}"


PREVIEW_SALT = "accounts.import-preview"
# A preview left open longer than a working day is confirmed from a new upload (remove_stale_imports
# deletes the stored file after the same time).
PREVIEW_MAX_AGE = 24 * 60 * 60
STALE_PREVIEW = "这份预览已失效（之后又上传了其他工作簿，或已导入、已过期），未导入任何数据。请重新上传。"


def _preview_token(request, final_account, purpose="import"):
    """The signed token of the upload stored for `final_account` in this session (the preview's forms carry it)."""
    stored = request.session[_session_key(final_account, purpose)]
    return signing.dumps(
        {
            "account": final_account.pk,
            "user": request.user.pk,
            "name": stored["name"],
            "sha256": stored["sha256"],
        },
        salt=f"{PREVIEW_SALT}.{purpose}",
    )


def _stored_upload(request, final_account, purpose="import"):
    """Return (bytes, filename) of the upload the posted preview token names, or None.

    None when the token is missing, forged or older than PREVIEW_MAX_AGE, names another upload than
    the one this session holds for the account (replaced since), or the stored file is gone or differs
    from the bytes previewed.
    """
    stored = request.session.get(_session_key(final_account, purpose))
    try:
        token = signing.loads(
            request.POST.get("preview", ""), salt=f"{PREVIEW_SALT}.{purpose}", max_age=PREVIEW_MAX_AGE
        )
    except signing.BadSignature:
        return None
    if not stored or token != {
        "account": final_account.pk,
        "user": request.user.pk,
        "name": stored["name"],
        "sha256": stored.get("sha256"),
    }:
        return None
    try:
        with default_storage.open(stored["name"], "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != stored["sha256"]:
        return None
    return data, stored["filename"]


def _forget_upload(request, final_account, purpose="import"):
    stored = request.session.pop(_session_key(final_account, purpose), None)
    if stored:
        default_storage.delete(stored["name"])


def _keep_upload(request, final_account, upload_file, data, purpose="import"):
    """Store the uploaded bytes (replacing an earlier upload of the same purpose) and name them in the session."""
    _forget_upload(request, final_account, purpose)
    extension = ".pdf" if upload_file.name.lower().endswith(".pdf") else ".xlsx"
    name = default_storage.save(f"imports/{uuid.uuid4().hex}{extension}", ContentFile(data))
    request.session[_session_key(final_account, purpose)] = {
        "name": name,
        "filename": upload_file.name,
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _account_kwargs(final_account):
    return {
        "bureau": final_account.department.bureau.slug,
        "department": final_account.department.slug,
        "year": final_account.year,
    }


def _urls(final_account):
    kwargs = _account_kwargs(final_account)
    return {
        name: reverse(f"accounts:import-{name}", kwargs=kwargs) for name in ("upload", "preview", "apply")
    }


def _render_preview(request, final_account, result, status=200):
    can_accept = request.user.has_perm(ACCEPT_SUBJECTS_PERMISSION)
    return render(
        request,
        "accounts/import_preview.html",
        {
            "final_account": final_account,
            "result": result,
            "changes": change_rows(result.changes),
            "findings": finding_rows(result.findings, file_unit(result)),
            "can_accept_subjects": can_accept
            and bool(result.new_subjects)
            and not result.accept_new_subjects,
            "urls": _urls(final_account),
            "preview_token": _preview_token(request, final_account),
        },
        status=status,
    )


class LimitedUploadHandler(FileUploadHandler):
    """Stops taking an uploaded file once it passes its kind's limit (UPLOAD_LIMITS); Django discards the
    rest of the body.

    The size check of the form would come only after the whole upload had been stored.
    """

    exceeded = False
    limit = MAX_FILE_BYTES

    def new_file(self, field_name, file_name, *args, **kwargs):
        self.limit = upload_limit(file_name) or MAX_FILE_BYTES
        return super().new_file(field_name, file_name, *args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.exceeded = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _received(request, form, limiter):
    """Return (uploaded file, its bytes) of a valid upload posted with `form`, or None with the form's
    errors saying why (past its kind's size limit while streaming, a wrong kind, an unreadable file)."""
    if limiter.exceeded:
        form.is_valid()
        form.errors["workbook"] = form.error_class(
            [too_large_message(int(request.META.get("CONTENT_LENGTH") or 0), limiter.limit)]
        )
        return None
    if request.method != "POST" or not form.is_valid():
        return None
    upload_file = form.cleaned_data["workbook"]
    try:
        return upload_file, read_upload(upload_file, upload_limit(upload_file.name))
    except WorkbookError as error:
        form.add_error("workbook", str(error))
        return None


# Upload handlers must be set before the body is read, and CsrfViewMiddleware reads it; so the view is
# exempted from the middleware and protected inside, as Django's documentation on upload handlers says.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def upload(request, bureau, department, year):
    """The upload form; a valid upload is stored and previewed, nothing is saved to the final account."""
    limiter = LimitedUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _upload(request, bureau, department, year, limiter)


@csrf_protect
def _upload(request, bureau, department, year, limiter):
    final_account = _importable(request, bureau, department, year)
    form = UploadForm(request.POST or None, request.FILES or None)
    received = _received(request, form, limiter)
    if received is not None:
        upload_file, data = received
        _keep_upload(request, final_account, upload_file, data)
        result = prepare_import(final_account, data, filename=upload_file.name)
        return _render_preview(request, final_account, result)
    return render(
        request,
        "accounts/import_upload.html",
        {
            "final_account": final_account,
            "form": form,
            "urls": _urls(final_account),
            "template_url": reverse("accounts:import-template", kwargs={"year": final_account.year}),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def preview(request, bureau, department, year):
    """Preview the stored upload again, accepting unknown subjects (reference-data administrators only)."""
    final_account = _importable(request, bureau, department, year)
    stored = _stored_upload(request, final_account)
    if stored is None:
        messages.error(request, STALE_PREVIEW)
        return redirect(_urls(final_account)["upload"])
    accept = request.POST.get("accept_new_subjects") == "1" and request.user.has_perm(
        ACCEPT_SUBJECTS_PERMISSION
    )
    data, filename = stored
    return _render_preview(
        request,
        final_account,
        prepare_import(final_account, data, filename=filename, accept_new_subjects=accept),
    )


@require_POST
def apply(request, bureau, department, year):
    """Import the stored upload into the final account, all or nothing, then show its entry page (or its
    findings, when errors remain) with what changed."""
    final_account = _importable(request, bureau, department, year)
    stored = _stored_upload(request, final_account)
    if stored is None:
        messages.error(request, STALE_PREVIEW)
        return redirect(_urls(final_account)["upload"])
    accept = request.POST.get("accept_new_subjects") == "1" and request.user.has_perm(
        ACCEPT_SUBJECTS_PERMISSION
    )
    data, filename = stored
    try:
        result = apply_import(
            final_account, data, by=request.user, filename=filename, accept_new_subjects=accept
        )
    except ImportRefused as refused:
        return _render_preview(request, final_account, refused.result, status=400)
    _forget_upload(request, final_account)
    messages.success(request, applied_message(final_account, filename, result))
    # The entry page, or the findings when the import left errors: never the public address, which is
    # a 404 until the account is published and would invite a second import.
    errors = [f for f in result.findings if f.severity == Severity.ERROR]
    name = "accounts:findings" if errors else "accounts:entry"
    return redirect(reverse(name, kwargs=_account_kwargs(final_account)))


LISTED_CHANGES = 5


def shown(value):
    """A changed value as the message shows it: amounts with thousands separators, 空 for none."""
    if value in (None, ""):
        return "空"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


def applied_message(final_account, filename, result):
    """What the import changed, in a sentence: the count, the first few figures, the findings."""
    changes = [c for c in result.changes if c.address != PROVENANCE]
    errors = sum(1 for f in result.findings if f.severity == Severity.ERROR)
    if not changes:
        text = f"已从“{filename}”导入 {final_account}：数据没有变动。"
    else:
        listed = "；".join(f"{c.label}：{shown(c.old)} → {shown(c.new)}" for c in changes[:LISTED_CHANGES])
        more = f"等 {len(changes)} 项" if len(changes) > LISTED_CHANGES else f"共 {len(changes)} 项"
        text = f"已从“{filename}”导入 {final_account}，数据变动{more}（元）：{listed}。"
    if errors:
        text += f"审核发现 {errors} 个错误，请逐条处理。"
    else:
        text += f"审核发现 {len(result.findings)} 条提示，没有错误。"
    return text


def _home_format(user):
    """Return (region, variant) of the signed-in user's bureau and department; national for others."""
    if not user.is_authenticated:
        return NATIONAL, ""
    membership = (
        Membership.objects.filter(user=user)
        .select_related("department__bureau", "bureau")
        .order_by("role", "pk")  # an accountant's department says the variant too
        .first()
    )
    if membership is None:
        return NATIONAL, ""
    if membership.department_id:
        return membership.department.bureau.region, membership.department.format_variant
    return membership.bureau.region, ""


def _template_missing(request, year, region, variant):
    """A 404 page in Chinese naming the formats that do exist, for a template nobody can have."""
    of_year = ReportFormat.objects.filter(year=year)
    of_region = ReportFormat.objects.filter(region=region)
    context = {
        "year": year,
        "region": region,
        "variant": variant_name(variant),
        "variants": sorted(
            {variant_name(v) for v in of_year.filter(region=region).values_list("variant", flat=True)}
        ),
        "regions": sorted(set(of_year.values_list("region", flat=True))),
        "years": sorted(set(of_region.values_list("year", flat=True))),
    }
    return render(request, "accounts/import_template_missing.html", context, status=404)


def template(request, year, region=None, variant=None):
    """The blank template workbook of `year`'s format, in the official layout.

    The format is the region and variant given (in the path or as ?region=…&variant=…), else those of
    the signed-in user's bureau and department, else the national one; the newest version.
    """
    home_region, home_variant = _home_format(request.user)
    region = region or request.GET.get("region") or home_region
    if variant is None:
        variant = request.GET.get("variant", home_variant if region == home_region else "")
    report_format = (
        ReportFormat.objects.filter(year=year, region=region, variant=variant).order_by("-version").first()
    )
    if report_format is None:
        return _template_missing(request, year, region, variant)
    suffix = "".join(f"-{part}" for part in (region, variant) if part and part != NATIONAL)
    response = HttpResponse(build_template(report_format), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        True, f"final-accounts-template-{year}{suffix}.xlsx"
    )
    return response


# --- Last year's figures from last year's workbook ---------------------------------------------------

PRIOR_YEAR = "prior-year"


class PriorYearForm(forms.Form):
    workbook = forms.FileField(
        label="上年决算工作簿或公开的 PDF（.xlsx 或 .pdf）",
        help_text=(
            "上一年度本部门的部门决算：按公开格式的 .xlsx 工作簿（不超过 "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB），或公开的 PDF 文件（不超过 {MAX_PDF_BYTES // 1024 // 1024} MB）。"
        ),
        widget=document_widget(),
    )

    def clean_workbook(self):
        return clean_document(self.cleaned_data["workbook"])


def _prior_year_urls(final_account):
    kwargs = _account_kwargs(final_account)
    return {
        "upload": reverse("accounts:prior-year-upload", kwargs=kwargs),
        "apply": reverse("accounts:prior-year-apply", kwargs=kwargs),
        "entry_other": reverse("accounts:entry-screen", kwargs={**kwargs, "screen": "other"}),
        "findings": reverse("accounts:findings", kwargs=kwargs),
    }


def prior_year_rows(final_account, preview):
    """Rows [(label, stored 元 or None, new 元, 万元 text)] of the figures the preview would set, in the
    order NamedFigure lists them, beside what is stored now."""
    stored = dict(PriorYearFigure.objects.filter(final_account=final_account).values_list("key", "amount"))
    rows = []
    for key in NamedFigure:
        if key in preview.figures:
            amount = preview.figures[key]
            rows.append(
                {
                    "label": key.label,
                    "old": shown(stored.get(key.value)) if key.value in stored else "未填",
                    "new": shown(amount),
                    "wanyuan": f"{amount / 10000:,.2f}",
                    "changed": stored.get(key.value) != amount,
                }
            )
    return rows


def _render_prior_year(request, final_account, *, form=None, preview=None, status=200):
    context = {
        "final_account": final_account,
        "previous_year": final_account.year - 1,
        "urls": _prior_year_urls(final_account),
        "form": form,
        "preview": preview,
    }
    if preview is not None:
        context["rows"] = prior_year_rows(final_account, preview)
        if not preview.errors:
            context["preview_token"] = _preview_token(request, final_account, PRIOR_YEAR)
    return render(request, "accounts/import_prior_year.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def prior_year_upload(request, bureau, department, year):
    """Upload last year's workbook (or PDF) and preview the figures it gives; nothing is set."""
    limiter = LimitedUploadHandler(request)
    request.upload_handlers.insert(0, limiter)
    return _prior_year_upload(request, bureau, department, year, limiter)


@csrf_protect
def _prior_year_upload(request, bureau, department, year, limiter):
    final_account = _importable(request, bureau, department, year)
    form = PriorYearForm(request.POST or None, request.FILES or None)
    received = _received(request, form, limiter)
    if received is not None:
        upload_file, data = received
        _keep_upload(request, final_account, upload_file, data, PRIOR_YEAR)
        preview = prepare_prior_year(final_account, data, filename=upload_file.name)
        if preview.errors:
            _forget_upload(request, final_account, PRIOR_YEAR)
        return _render_prior_year(
            request,
            final_account,
            form=PriorYearForm(),
            preview=preview,
            status=400 if preview.errors else 200,
        )
    return _render_prior_year(request, final_account, form=form, status=400 if form.errors else 200)


@require_POST
def prior_year_apply(request, bureau, department, year):
    """Set last year's figures from the upload previewed (bound to it by its token), then show the entry
    screen where they are kept."""
    final_account = _importable(request, bureau, department, year)
    urls = _prior_year_urls(final_account)
    stored = _stored_upload(request, final_account, PRIOR_YEAR)
    if stored is None:
        messages.error(request, STALE_PREVIEW)
        return redirect(urls["upload"])
    data, filename = stored
    try:
        preview = apply_prior_year(final_account, data, by=request.user, filename=filename)
    except ValidationError as error:
        messages.error(request, "未填入上年数：" + "；".join(error.messages))
        return redirect(urls["upload"])
    if preview.errors:
        return _render_prior_year(request, final_account, form=PriorYearForm(), preview=preview, status=400)
    _forget_upload(request, final_account, PRIOR_YEAR)
    messages.success(
        request,
        f"已从“{filename}”填入 {final_account.year - 1} 年度的 {len(preview.figures)} 项上年数，"
        "情况说明将与之比较。",
    )
    return redirect(urls["entry_other"])


urlpatterns = [
    path("import/template-<int:year>.xlsx", template, name="import-template"),
    path("import/template-<int:year>/<slug:region>.xlsx", template, name="import-template-region"),
    path(
        "import/template-<int:year>/<slug:region>/<str:variant>.xlsx",
        template,
        name="import-template-variant",
    ),
    path("import/<slug:bureau>/<slug:department>/<int:year>/", upload, name="import-upload"),
    path("import/<slug:bureau>/<slug:department>/<int:year>/preview/", preview, name="import-preview"),
    path("import/<slug:bureau>/<slug:department>/<int:year>/apply/", apply, name="import-apply"),
    path(
        "import/<slug:bureau>/<slug:department>/<int:year>/prior-year/",
        prior_year_upload,
        name="prior-year-upload",
    ),
    path(
        "import/<slug:bureau>/<slug:department>/<int:year>/prior-year/apply/",
        prior_year_apply,
        name="prior-year-apply",
    ),
]
