from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import (
    editions_admin,  # noqa: F401  (classification editions and subjects)
    formats_admin,  # noqa: F401  (registers report formats)
)
from .models import (
    Balance,
    BasicExpenditureDetail,
    Budget,
    Department,
    ExpenditureFact,
    FigureChange,
    FinalAccount,
    FinanceBureau,
    FreeText,
    IncomeFact,
    Membership,
    OfficialExpense,
    PriorYearFigure,
    PublishedVersion,
    ReviewComment,
    ReviewerAssignment,
    StatedCount,
    StatedFigure,
    SubmissionDeadline,
    Transition,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MemberForm(forms.ModelForm):
    """A member of the organisation being edited: only the user is chosen; the role follows.

    When the organisation is created together with its members, it has no id while the forms are
    validated; the constraints tying a member to it are then checked without it (the database checks
    them again when the rows are saved), instead of refusing with a message about a missing department.
    """

    role = None  # set by the subclasses
    organisation = ""

    class Meta:
        model = Membership
        fields = ["user"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.role = self.role

    def validate_constraints(self):
        if getattr(self.instance, f"{self.organisation}_id") is not None:
            return super().validate_constraints()
        try:
            self.instance.validate_constraints(exclude={self.organisation})
        except ValidationError as error:
            self.add_error(None, error)


class AccountantForm(MemberForm):
    role = Membership.Role.ACCOUNTANT
    organisation = "department"


class ReviewerForm(MemberForm):
    role = Membership.Role.REVIEWER
    organisation = "bureau"


class AccountantInline(admin.TabularInline):
    model = Membership
    form = AccountantForm
    fk_name = "department"
    extra = 1
    autocomplete_fields = ["user"]
    verbose_name = _("部门会计")
    verbose_name_plural = _("部门会计")


class ReviewerInline(admin.TabularInline):
    model = Membership
    form = ReviewerForm
    fk_name = "bureau"
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("审核人员")
    verbose_name_plural = _("审核人员")


class ReviewerAssignmentInline(admin.TabularInline):
    model = ReviewerAssignment
    extra = 0
    autocomplete_fields = ["reviewer"]


@admin.register(FinanceBureau)
class FinanceBureauAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "region"]
    search_fields = ["name", "slug"]
    inlines = [ReviewerInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "bureau", "slug"]
    list_filter = ["bureau"]
    search_fields = ["name", "short_name", "slug"]
    inlines = [UnitInline, AccountantInline, ReviewerAssignmentInline]


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["department", "reviewer", "assigned_at"]
    list_filter = ["department__bureau"]
    autocomplete_fields = ["department", "reviewer"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "department", "bureau"]
    list_filter = ["role"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Figures and statuses change only through the domain functions that record who changed what."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IncomeInline(ReadOnlyInline):
    model = IncomeFact


class ExpenditureInline(ReadOnlyInline):
    model = ExpenditureFact


@admin.register(FinalAccount)
class FinalAccountAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "department", "year", "status", "provenance"]
    list_filter = ["year", "status", "department__bureau"]
    inlines = [IncomeInline, ExpenditureInline]


for model in (
    IncomeFact,
    ExpenditureFact,
    Balance,
    BasicExpenditureDetail,
    OfficialExpense,
    Budget,
    StatedFigure,
    StatedCount,
    PriorYearFigure,
    FreeText,
):
    admin.site.register(model, ReadOnlyAdmin)


@admin.register(FigureChange)
class FigureChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "final_account", "user", "field", "old_value", "new_value"]
    list_filter = ["final_account"]


@admin.register(SubmissionDeadline)
class SubmissionDeadlineAdmin(admin.ModelAdmin):
    list_display = ["bureau", "year", "due_on"]
    list_filter = ["year", "bureau"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyAdmin):
    list_display = ["at", "final_account", "version", "from_status", "to_status", "by"]
    list_filter = ["to_status"]


@admin.register(PublishedVersion)
class PublishedVersionAdmin(ReadOnlyAdmin):
    list_display = ["final_account", "number", "published_at", "published_by"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "final_account", "version", "address", "target", "author"]


# --- The site: in Chinese, its models grouped by the administrator's tasks -----------------------------

admin.site.site_header = _("决算公开平台管理")
admin.site.site_title = _("决算公开平台")
admin.site.index_title = _("系统管理")

# Sections of the index, in order: the models each holds, by (app label, model name). Models of no
# section stay under their own app, named here where the app gives no Chinese name.
ADMIN_SECTIONS = (
    (
        "organisations",
        _("机构与人员"),
        (
            ("accounts", "financebureau"),
            ("accounts", "department"),
            ("accounts", "membership"),
            ("accounts", "reviewerassignment"),
            ("auth", "user"),
            ("auth", "group"),
        ),
    ),
    (
        "formats",
        _("报表格式与科目版本"),
        (
            ("accounts", "reportformat"),
            ("accounts", "formatchange"),
            ("accounts", "edition"),
            ("accounts", "functionalsubject"),
            ("accounts", "economicsubject"),
        ),
    ),
    ("deadlines", _("报送期限"), (("accounts", "submissiondeadline"),)),
)
APP_NAMES = {
    "accounts": _("部门决算数据（只读）"),
    "axes": _("登录保护"),
    "django_tasks_db": _("后台任务"),
}


def grouped_app_list(request, app_label=None):
    """Return the admin index's sections: the task groups first, then what is left of each app."""
    apps = DEFAULT_APP_LIST(request, app_label)
    if app_label is not None:
        return apps
    models = {
        (app["app_label"], model["object_name"].lower()): model for app in apps for model in app["models"]
    }
    placed = set()
    sections = []
    for label, name, keys in ADMIN_SECTIONS:
        found = [models[key] for key in keys if key in models]
        placed.update(key for key in keys if key in models)
        if found:
            # A section's caption leads to its first list (an app's leads to the app's page).
            sections.append(
                {"name": name, "app_label": label, "app_url": found[0]["admin_url"], "models": found}
            )
    for app in apps:
        rest = [m for m in app["models"] if (app["app_label"], m["object_name"].lower()) not in placed]
        if rest:
            sections.append({**app, "name": APP_NAMES.get(app["app_label"], app["name"]), "models": rest})
    return sections


# The default site is kept (its URLs are the project's); only the index's grouping changes.
DEFAULT_APP_LIST = admin.site.get_app_list
admin.site.get_app_list = grouped_app_list
