"""Self-evaluations are read in the admin, not edited: like the facts of accounts, their figures are to
change only through domain functions that record who changed what."""

from django.contrib import admin

from accounts import admin as accounts_admin
from accounts.admin import ReadOnlyAdmin

from .models import Evaluation, Goal, Indicator, IndicatorCategory, IndicatorSubcategory


class ReadOnlyInline(accounts_admin.ReadOnlyInline):
    show_change_link = True


class GoalInline(ReadOnlyInline):
    model = Goal


class CategoryInline(ReadOnlyInline):
    model = IndicatorCategory


class SubcategoryInline(ReadOnlyInline):
    model = IndicatorSubcategory


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["position", "name", "weight", "target_text", "actual_text", "stated_score"]


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "position", "scope", "budget", "executed", "stated_total", "is_confidential"]
    list_filter = ["scope", "is_confidential", "final_account__year"]
    search_fields = ["name", "final_account__department__name"]
    list_select_related = ["final_account__department"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "evaluation", "position", "weight"]
    list_select_related = ["evaluation__final_account__department"]
    inlines = [CategoryInline]


@admin.register(IndicatorCategory)
class IndicatorCategoryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "goal", "position", "weight"]
    list_select_related = ["goal"]
    inlines = [SubcategoryInline]


@admin.register(IndicatorSubcategory)
class IndicatorSubcategoryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "category", "position", "weight"]
    list_select_related = ["category"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "subcategory", "weight", "target_text", "actual_text", "stated_score"]
    list_select_related = ["subcategory"]
    search_fields = ["name"]
