import importlib.util

from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = "绩效自评"

    def ready(self):
        # performance plugs into the registries accounts offers, so that accounts never imports performance.
        # accounts/demo.py and its register_demo_extension() were written alongside this app: until both
        # exist there is nothing to register with. find_spec, rather than catching ImportError, lets a real
        # error inside accounts.demo surface.
        if importlib.util.find_spec("accounts.demo") is None:
            return
        from accounts import demo

        if hasattr(demo, "register_demo_extension"):
            from .demo import load_demo_evaluations

            demo.register_demo_extension(load_demo_evaluations)
