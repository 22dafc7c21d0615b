import importlib.util

from django.apps import AppConfig
from django.urls import reverse


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "绩效自评"

    def ready(self):
        # performance plugs into the registries accounts offers (rules, document sections and their
        # stylesheet, links from the workspace and the case page, demo), so that accounts never imports
        # performance.
        from accounts.rules.registry import register, register_loader

        from .rules import LOADER, RULES, load_evaluation_scores, load_evaluation_scores_many

        register_loader(LOADER, load_evaluation_scores, many=load_evaluation_scores_many)
        for rule in RULES:
            register(rule)

        # Complete before submit: the department-wide self-evaluation a format may require.
        from .completeness import RULES as COMPLETENESS_RULES

        for rule in COMPLETENESS_RULES:
            register(rule)

        from accounts.document.sections import (
            ATTACHMENTS,
            PERFORMANCE_SUMMARY,
            register_section,
            register_stylesheet,
        )

        from .document import attachments_section, summary_section

        register_section(PERFORMANCE_SUMMARY, summary_section)
        register_section(ATTACHMENTS, attachments_section)
        register_stylesheet("css/performance.css")  # the 十三 and 自评表 styles, on the page and in the PDF

        # A new year's final account offers last year's self-evaluations (structure and targets).
        from accounts.rollover import register_carry_over

        from .rollover import carry_over_evaluations

        register_carry_over("performance", carry_over_evaluations)

        # A generated final account (the synthetic province) gets the department-wide self-evaluation
        # its format requires.
        from accounts.synthetic import register_synthetic_extension

        from .synthetic import add_department_wide_evaluations

        register_synthetic_extension(add_department_wide_evaluations)

        from accounts.views.links import register_link

        register_link("绩效自评", evaluation_list_url)

        # The change record and the findings name each self-evaluation field by an address of this area.
        from accounts.addresses import register_area

        from .addresses import EVALUATION_AREA

        register_area(EVALUATION_AREA)

        # accounts/demo.py and its register_demo_extension() were written alongside this app: until both
        # exist there is nothing to register with. find_spec, rather than catching ImportError, lets a real
        # error inside accounts.demo surface.
        if importlib.util.find_spec("accounts.demo") is None:
            return
        from accounts import demo

        if hasattr(demo, "register_demo_extension"):
            from .demo import load_demo_evaluations

            demo.register_demo_extension(load_demo_evaluations)


def evaluation_list_url(final_account):
    """The 绩效自评 of a final account, linked from the workspace and the case page."""
    return reverse("performance:evaluation-list", kwargs={"pk": final_account.pk})
