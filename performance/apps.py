import importlib.util

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "绩效自评"

    def ready(self):
        # performance plugs into the registries accounts offers (rules, document sections, demo), so that
        # accounts never imports performance.
        from accounts.addresses import register_area
        from accounts.rules.registry import register, register_loader

        from .addresses import EVALUATION_AREA
        from .rules import LOADER, RULES, load_evaluation_scores, load_evaluation_scores_many

        register_area(EVALUATION_AREA)
        register_loader(LOADER, load_evaluation_scores, many=load_evaluation_scores_many)
        for rule in RULES:
            register(rule)

        from accounts.document.sections import ATTACHMENTS, PERFORMANCE_SUMMARY, register_section

        from .document import attachments_section, summary_section

        register_section(PERFORMANCE_SUMMARY, summary_section)
        register_section(ATTACHMENTS, attachments_section)

        # accounts/demo.py and its register_demo_extension() were written alongside this app: until both
        # exist there is nothing to register with. find_spec, rather than catching ImportError, lets a real
        # error inside accounts.demo surface.
        if importlib.util.find_spec("accounts.demo") is None:
            return
        from accounts import demo

        if hasattr(demo, "register_demo_extension"):
            from .demo import load_demo_evaluations

            demo.register_demo_extension(load_demo_evaluations)
