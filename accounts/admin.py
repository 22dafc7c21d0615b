from django.contrib import admin

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
    StatedCount,
    StatedFigure,
    SubmissionDeadline,
    Transition,
    Unit,
)


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(FinanceBureau)
class FinanceBureauAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "region"]
    search_fields = ["name", "slug"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "bureau", "slug"]
    list_filter = ["bureau"]
    search_fields = ["name", "short_name", "slug"]
    inlines = [UnitInline, MembershipInline]


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
