"""Forms of the self-evaluation entry screen: they parse and normalise input, nothing else.

The screen is one <form> holding a header form (prefix “evaluation”) and one small form per row of the
tree, prefixed with the row's key (“goal-3”, “indicator-12”). `EvaluationEntry` holds them all and turns
valid input into the {key: {field: value}} changes that performance.editing applies. The buttons that add
or remove rows belong to the same form, so that what was typed is saved with them (`StructureAction`).
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.editing import parse_amount
from accounts.entry.amounts import read_amount_text
from accounts.models import FunctionalSubject

from .editing import EVALUATION, tree_nodes
from .models import Evaluation, Indicator

TEN_THOUSAND = Decimal("10000")
SHOWN = "shown"  # the posted JSON of the values the form was shown with


def score_field(label, required=False):
    return forms.DecimalField(label=label, required=required, min_value=0, max_digits=6, decimal_places=2)


def choice_field(label, choices):
    return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *choices])


def text_field(label, max_length=None, required=False, textarea=False):
    widget = forms.Textarea(attrs={"rows": 3}) if textarea else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def plain(value):
    """Return a stored Decimal as a person types it: 80.00 → “80”, 3.1320 → “3.132”; other values unchanged."""
    if isinstance(value, Decimal):
        text = f"{value:f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return value


def amount_text(yuan, unit):
    """Return an amount in 元 as the entry unit shows it: “48360.00” in 元, “4.836” in 万元."""
    if yuan is None:
        return ""
    if unit == "wanyuan":
        value = (Decimal(yuan) / TEN_THOUSAND).normalize()
        return f"{value:f}"
    return f"{Decimal(yuan):.2f}"


class AmountField(forms.CharField):
    """An amount typed in the final account's entry unit (元 or 万元), cleaned to 元 by accounts.editing."""

    def __init__(self, *, unit, **kwargs):
        self.unit = unit
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        # The grids' input policy first: full-width digits converted, exponents refused.
        text, _note = read_amount_text(value)
        return parse_amount(text, unit=self.unit)


class EvaluationForm(forms.Form):
    """The table's header: project data, 预算执行情况, stated rate, scores and texts."""

    reporting_unit = text_field(_("单位名称（填报单位）"), 100)
    name = text_field(_("项目名称"), 200)
    short_name = text_field(_("表题简称"), 200)
    supervising_department = text_field(_("主管部门"), 100)
    implementing_unit = text_field(_("项目实施单位"), 200)
    project_category = choice_field(_("项目类别"), Evaluation.ProjectCategory.choices)
    project_nature = choice_field(_("项目属性"), Evaluation.ProjectNature.choices)
    project_type = choice_field(_("项目类型"), Evaluation.ProjectType.choices)
    is_confidential = forms.BooleanField(label=_("涉密项目（不予公开）"), required=False)
    subjects = forms.ModelMultipleChoiceField(
        label=_("列支的项级科目"), queryset=FunctionalSubject.objects.none(), required=False
    )
    execution_weight = forms.DecimalField(
        label=_("执行率分值"), min_value=Decimal("0.01"), max_digits=6, decimal_places=2
    )
    # Left blank, each is computed by the rule (performance.scoring); a value typed overrides it, and the
    # rules R39/R40 name every override that differs from the rule.
    stated_execution_rate = text_field(_("执行率（留空按规则计算）"), 20)
    stated_execution_score = score_field(_("执行率得分（留空按规则计算）"))
    stated_total = score_field(_("总分（留空按各项得分计算）"))
    outcomes = text_field(_("主要产出和效益"), textarea=True)
    deviation_reasons = text_field(_("偏差大或目标未完成原因分析"), textarea=True)
    improvement_measures = text_field(_("改进措施及结果应用方案"), textarea=True)
    reason = text_field(_("修改原因"), 200)

    PROJECT_ONLY = (
        "name",
        "short_name",
        "supervising_department",
        "implementing_unit",
        "project_category",
        "project_nature",
        "project_type",
        "is_confidential",
        "subjects",
    )
    DEPARTMENT_ONLY = ("basic_expenditure", "project_expenditure")

    def __init__(self, data=None, *, evaluation, disabled=False, **kwargs):
        self.evaluation = evaluation
        final_account = evaluation.final_account
        unit = final_account.entry_unit
        unit_label = final_account.get_entry_unit_display()
        initial = {
            field: plain(getattr(evaluation, field))
            for field in self.base_fields
            if field not in ("subjects", "reason")
        }
        super().__init__(data, initial=initial, prefix=EVALUATION, **kwargs)
        amounts = {"budget": (_("预算数 A"), True), "executed": (_("执行数 B"), True)}
        if evaluation.is_department_wide:
            amounts |= {
                "basic_expenditure": (_("基本支出总额"), False),
                "project_expenditure": (_("项目支出总额"), False),
            }
        for field, (label, required) in amounts.items():
            self.fields[field] = AmountField(unit=unit, label=f"{label}（{unit_label}）", required=required)
            self.initial[field] = amount_text(getattr(evaluation, field), unit)
        if evaluation.is_department_wide:
            for field in self.PROJECT_ONLY:
                del self.fields[field]
        else:
            self.fields["name"].required = True
            self.fields["subjects"].queryset = FunctionalSubject.objects.filter(
                edition=final_account.edition, code__regex=r"^\d{7}$"
            ).order_by("code")
            self.initial["subjects"] = [subject.pk for subject in evaluation.subjects.all()]
        if disabled:
            for field in self.fields.values():
                field.disabled = True

    def changes(self):
        """Return {field: value} of the model fields in the cleaned data (subjects and reason apart)."""
        return {
            field: value for field, value in self.cleaned_data.items() if field not in ("subjects", "reason")
        }


class GoalForm(forms.Form):
    name = text_field(_("年度绩效目标"), 200)
    weight = score_field(_("分值"))


class CategoryForm(forms.Form):
    weight = score_field(_("分值"))


class SubcategoryForm(forms.Form):
    label = text_field(_("表中名称"), 100)
    weight = score_field(_("分值"))


class IndicatorForm(forms.Form):
    name = text_field(_("三级指标"), 200, required=True)
    weight = score_field(_("分值"))
    target_text = text_field(_("年初目标值（A）"), 200)
    actual_text = text_field(_("实际完成值（B）"), 300)
    target_value = forms.DecimalField(label=_("目标值数值"), required=False, max_digits=18, decimal_places=4)
    actual_value = forms.DecimalField(label=_("完成值数值"), required=False, max_digits=18, decimal_places=4)
    unit = text_field(_("计量单位"), 20)
    direction = choice_field(_("指标方向"), Indicator.Direction.choices)
    achievement = choice_field(_("定性指标完成程度"), Indicator.Achievement.choices)
    stated_score = score_field(_("得分（填报）"))


ROW_FORMS = {
    "goal": GoalForm,
    "indicatorcategory": CategoryForm,
    "indicatorsubcategory": SubcategoryForm,
    "indicator": IndicatorForm,
}


class EvaluationEntry:
    """Every form of one evaluation's entry screen, in the printed order of its tree."""

    def __init__(self, evaluation, data=None, *, disabled=False):
        self.evaluation = evaluation
        self.header = EvaluationForm(data, evaluation=evaluation, disabled=disabled)
        self.rows = {}
        for key, node in tree_nodes(evaluation).items():
            if key == EVALUATION:
                continue
            form_class = ROW_FORMS[node._meta.model_name]
            initial = {field: plain(getattr(node, field)) for field in form_class.base_fields}
            form = form_class(data, initial=initial, prefix=key)
            if disabled:
                for field in form.fields.values():
                    field.disabled = True
            self.rows[key] = (node, form)

    def forms(self):
        yield EVALUATION, self.header
        for key, (_node, form) in self.rows.items():
            yield key, form

    def is_valid(self):
        return all([form.is_valid() for _key, form in self.forms()])

    def changes(self):
        """Return {key: {field: value}} for every form whose input is valid (invalid ones are left out).

        A field posted with the value it was shown with (`originals`) is left out when unchanged.
        """
        changes = {}
        originals = self.originals()
        for key, form in self.forms():
            if form.is_valid():
                fields = form.changes() if key == EVALUATION else dict(form.cleaned_data)
                shown = originals.get(key, {})
                changes[key] = {f: v for f, v in fields.items() if f not in shown or shown[f] != v}
        return changes

    def shown(self):
        """Return the JSON of the values the form is shown with ({html name: value}), posted back as SHOWN.

        One hidden field for the whole form rather than one per field: a department-wide table has
        hundreds of fields, and Django refuses a request of more than DATA_UPLOAD_MAX_NUMBER_FIELDS.
        """
        values = {}
        for _key, form in self.forms():
            for name in form.fields:
                if name == "reason":
                    continue
                value = form[name].value()
                if isinstance(value, list | tuple):
                    value = [str(item) for item in value]
                elif value is None:
                    value = ""
                elif not isinstance(value, bool):
                    value = str(value)
                values[form[name].html_name] = value
        return json.dumps(values, ensure_ascii=False)

    def originals(self):
        """Return {key: {field: value}} of the values the form was shown with, as posted; "subjects" as codes.

        So that a save writes only what this person changed and finds what someone else saved meanwhile
        (performance.editing.save_evaluation). A form posted without them (an older page) has none; a
        field whose shown value no longer reads is left out.
        """
        if not self.header.is_bound:
            return {}
        try:
            shown = json.loads(self.header.data.get(SHOWN) or "{}")
        except ValueError:
            return {}
        if not isinstance(shown, dict):
            return {}
        originals = {}
        for key, form in self.forms():
            for name, field in form.fields.items():
                html_name = form[name].html_name
                if field.disabled or name == "reason" or html_name not in shown:
                    continue
                try:
                    value = field.clean(shown[html_name])
                except (ValidationError, TypeError, ValueError):
                    continue
                if name == "subjects":
                    value = {subject.code for subject in value}
                originals.setdefault(key, {})[name] = value
        return originals

    def subjects(self):
        """Return the chosen item subjects, or None when there are none to choose (部门整体) or unchanged."""
        if "subjects" not in self.header.fields or not self.header.is_valid():
            return None
        chosen = list(self.header.cleaned_data["subjects"])
        shown = self.originals().get(EVALUATION, {}).get("subjects")
        if shown is not None and shown == {subject.code for subject in chosen}:
            return None
        return chosen

    @property
    def reason(self):
        return self.header.cleaned_data.get("reason", "") if self.header.is_valid() else ""

    def errors(self):
        """Return {key: [messages]} of the invalid forms."""
        errors = {}
        for key, form in self.forms():
            if not form.is_valid():
                errors[key] = [
                    f"{form.fields[field].label}：{message}" if field in form.fields else message
                    for field, messages in form.errors.items()
                    for message in messages
                ]
        return errors

    def add_errors(self, error):
        """Attach a ValidationError from performance.editing ({key: messages}, or plain messages)."""
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                form = self.header if key == EVALUATION else self.rows.get(key, (None, self.header))[1]
                for message in messages:
                    form.add_error(None, message)
        else:
            for message in error.messages:
                self.header.add_error(None, message)


@dataclass(frozen=True)
class StructureAction:
    """A press of a button that adds a row under a row (“add:goal-3”) or removes a row (“remove:indicator-12”).

    The inputs of an addition are named after the parent's key: “goal-3-add_kind”, “indicatorcategory-5-add_label”,
    “indicatorsubcategory-8-add_name”, and “evaluation-add_name” for a new goal of the department-wide table.
    """

    action: str  # "add" or "remove"
    key: str
    kind: str = ""
    name: str = ""
    label: str = ""

    @classmethod
    def from_post(cls, data):
        """Return the action posted with the tree form, None for 保存; raise ValidationError when malformed."""
        value = data.get("structure", "")
        if not value:
            return None
        action, _colon, key = value.partition(":")
        if action not in ("add", "remove") or not key:
            raise ValidationError(f"“{value}”不是有效的新增或删除操作。", code="invalid_action")
        if action == "remove":
            return cls(action, key)
        typed = {field: data.get(f"{key}-add_{field}", "").strip() for field in ("kind", "name", "label")}
        return cls(action, key, **typed)


class NewEvaluationForm(forms.Form):
    """The list page's buttons that add a table: a project's, by name, or the department-wide one."""

    scope = forms.ChoiceField(choices=Evaluation.Scope.choices, widget=forms.HiddenInput)
    name = text_field(_("项目名称"), 200)


class RemoveEvaluationForm(forms.Form):
    """The confirmation of a table's removal: why, for the history."""

    reason = text_field(_("删除原因"), 200)
