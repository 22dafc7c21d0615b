"""WeasyPrint against Chromium on the same disclosure: time per page, in one run, on one machine."""

import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.management.base import BaseCommand, CommandError

from accounts.benchmarks import load_average, machine_description
from accounts.document import build_document
from accounts.document.pdf import render_html, render_pdf, stylesheets
from accounts.models import FinalAccount

CHROMIUM = "/usr/bin/chromium"


def pages_and_tagging(path):
    """Return the number of pages of the PDF at `path` and whether it is tagged (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Tagged"].strip() == "yes"


def html_for_chromium(document):
    """Return the HTML that WeasyPrint prints with the same stylesheets, in the same order, inline."""
    html = render_html(document)
    styles = "".join(f"<style>\n{Path(finders.find(path)).read_text()}</style>\n" for path in stylesheets())
    return html.replace("</head>", f"{styles}</head>", 1)


def chromium_command(html_path, pdf_path):
    # The flags every browser test starts Debian's Chromium with; tests/ ships with the sources and
    # this command, like them, is run from a checkout.
    from tests.browser import CHROMIUM_ARGS

    return [
        CHROMIUM,
        *CHROMIUM_ARGS,
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf_path}",
        html_path.as_uri(),
    ]


def cpu_seconds():
    """CPU time of this process and of its children that have ended and been waited for.

    For Chromium a lower bound: the processes the browser does not wait for itself (its renderer may be
    one) are not counted.
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def interleaved_timings(fns, repeat):
    """Return, for each of `fns`, the (wall, CPU) seconds of `repeat` calls, after one call not counted.

    The calls take turns (a, b, a, b, …) so that a change of the shared machine's load falls on all;
    CPU time, which the load changes less, is measured as well.
    """
    result = [[] for _ in fns]
    for round_ in range(repeat + 1):
        for fn, seconds in zip(fns, result, strict=True):
            start, start_cpu = time.perf_counter(), cpu_seconds()
            fn()
            if round_:
                seconds.append((time.perf_counter() - start, cpu_seconds() - start_cpu))
    return result


class Command(BaseCommand):
    help = (
        "在同一次运行中，以同一份公开文件的 HTML 和样式表，比较 WeasyPrint 与 Debian Chromium"
        "（--print-to-pdf）生成 PDF 的每页耗时（各取中位数），并打印机器与负载。"
        " / WeasyPrint against Chromium's --print-to-pdf on the same HTML and CSS: median time per page"
        " of each, with the machine and its load. Compare figures of one run only: the machine is shared."
        " 例 / e.g.: manage.py benchmark_pdf dongxihu/hrss 2022 --repeat 3"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "department",
            nargs="?",
            default="dongxihu/hrss",
            help="部门，写作 <财政局标识>/<部门标识>（默认演示数据 dongxihu/hrss）。 / The department.",
        )
        parser.add_argument(
            "year", nargs="?", type=int, default=2022, help="决算年度（默认 2022）。 / The year."
        )
        parser.add_argument(
            "--repeat",
            type=int,
            default=3,
            help="每种引擎计时次数，取中位数（默认 3）。 / Timed runs of each engine.",
        )

    def handle(self, *args, department, year, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat 至少为 1。")
        bureau_slug, _, department_slug = department.partition("/")
        final_account = (
            FinalAccount.objects.select_related("department__bureau", "report_format")
            .filter(department__bureau__slug=bureau_slug, department__slug=department_slug, year=year)
            .first()
        )
        if final_account is None:
            raise CommandError(
                f"找不到 {department} 的 {year} 年度部门决算（演示数据须先运行 manage.py load_demo）。"
            )
        if not Path(CHROMIUM).exists():
            raise CommandError(f"找不到 Chromium（{CHROMIUM}），请安装 Debian 的 chromium 软件包。")
        document = build_document(final_account)
        self.stdout.write(machine_description())
        self.stdout.write(
            f"document: {final_account}, median of {repeat} runs of each in turn after one not counted"
        )
        with tempfile.TemporaryDirectory(prefix="benchmark-pdf-") as directory:
            directory = Path(directory)
            weasyprint_pdf = directory / "weasyprint.pdf"
            html_path = directory / "document.html"
            html_path.write_text(html_for_chromium(document), encoding="utf-8")
            chromium_pdf = directory / "chromium.pdf"

            def weasyprint():
                weasyprint_pdf.write_bytes(render_pdf(document))

            def chromium():
                subprocess.run(
                    chromium_command(html_path, chromium_pdf), capture_output=True, check=True, timeout=300
                )

            # Chromium's time holds starting the browser: measured alone, on one page with one word.
            empty_path, empty_pdf = directory / "empty.html", directory / "empty.pdf"
            empty_path.write_text('<!DOCTYPE html><html lang="zh-Hans"><p>空</p></html>', encoding="utf-8")

            def chromium_start():
                subprocess.run(
                    chromium_command(empty_path, empty_pdf), capture_output=True, check=True, timeout=300
                )

            engines = (("WeasyPrint", weasyprint, weasyprint_pdf), ("Chromium", chromium, chromium_pdf))
            *measured, start_runs = interleaved_timings(
                [fn for _, fn, _ in engines] + [chromium_start], repeat
            )
            for (name, _, path), runs in zip(engines, measured, strict=True):
                seconds = statistics.median(wall for wall, _ in runs)
                cpu = statistics.median(cpu for _, cpu in runs)
                pages, tagged = pages_and_tagging(path)
                self.stdout.write(
                    f"{name}: {seconds:.2f} s for {pages} pages, {seconds / pages * 1000:.0f} ms per page "
                    f"(CPU {cpu:.2f} s, {cpu / pages * 1000:.0f} ms per page), {'tagged' if tagged else 'untagged'} "
                    f"(runs {', '.join(f'{wall:.2f}' for wall, _ in runs)} s; {load_average()})"
                )
            start = statistics.median(wall for wall, _ in start_runs)
            start_cpu = statistics.median(cpu for _, cpu in start_runs)
            chromium_pages, _ = pages_and_tagging(chromium_pdf)
            chromium_wall = statistics.median(wall for wall, _ in measured[1]) - start
            chromium_cpu = statistics.median(cpu for _, cpu in measured[1]) - start_cpu
            self.stdout.write(
                f"Chromium start-up (one page, one word): {start:.2f} s (CPU {start_cpu:.2f} s); Chromium less "
                f"its start-up: {chromium_wall / chromium_pages * 1000:.0f} ms per page "
                f"(CPU {chromium_cpu / chromium_pages * 1000:.0f} ms per page)"
            )
