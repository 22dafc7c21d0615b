import resource
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.benchmarks import demo_final_account, machine_description
from accounts.document import build_document
from accounts.document.pdf import render_pdf
from accounts.importing.pdf import read_pdf
from accounts.importing.reading import WorkbookError
from accounts.models import FinalAccount
from accounts.synthetic import generate_province

PREFIX = "pdfbench"


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "测量读取部门决算 PDF 的速度（每秒页数）和内存峰值：读取本系统生成的 PDF（演示部门决算和若干合成部门决算，"
        "在回滚的事务中生成，不留数据），或命令行给出的 PDF 文件。"
        " / Measure reading disclosure PDFs: pages per second and peak memory, over our own rendered PDFs"
        " (the demo and a few synthetic accounts, made in a transaction that is rolled back) or given files."
        " 例 / e.g.: manage.py benchmark_pdf_reading --synthetic 3"
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="要读取的 PDF 文件（可省略）。 / PDF files to read.")
        parser.add_argument(
            "--synthetic",
            type=int,
            default=3,
            help="另生成并读取的合成部门决算数（默认 3）。 / Synthetic accounts to render and read (default 3).",
        )

    def handle(self, *args, files, synthetic, **options):
        documents = [(path, open_file(path)) for path in files]
        if not files:
            documents = rendered_documents(synthetic)
        self.stdout.write(machine_description())
        total_pages = total_seconds = 0
        peak_traced = 0
        for name, data in documents:
            started = time.perf_counter()
            try:
                document = read_pdf(data)
            except WorkbookError as error:
                self.stdout.write(f"{name}: 无法读取：{error}")
                continue
            seconds = time.perf_counter() - started
            # Memory in a second pass: tracing allocations slows reading down.
            tracemalloc.start()
            read_pdf(data)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            peak_traced = max(peak_traced, peak)
            total_pages += document.pages
            total_seconds += seconds
            self.stdout.write(
                f"{name}: {document.pages} 页，{len(document.grids)} 张表，{len(document.texts)} 节说明，"
                f"{seconds:.2f} 秒，{document.pages / seconds:.1f} 页/秒，Python 分配峰值 {peak / 2**20:.1f} MiB"
            )
        if not total_pages:
            raise CommandError("没有读取到任何 PDF。")
        max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        self.stdout.write(
            f"合计：{total_pages} 页，{total_seconds:.2f} 秒，{total_pages / total_seconds:.1f} 页/秒；"
            f"Python 分配峰值 {peak_traced / 2**20:.1f} MiB，进程常驻内存峰值 {max_rss:.0f} MiB。"
        )


def open_file(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        raise CommandError(f"无法读取文件 {path}：{error.strerror or error}。") from None


def rendered_documents(synthetic):
    """Return [(name, PDF bytes)] of the demo and `synthetic` synthetic accounts, leaving no data behind."""
    documents = []
    try:
        with transaction.atomic():
            demo = demo_final_account()
            documents.append(("演示：" + str(demo), render_pdf(build_document(demo))))
            if synthetic:
                generate_province(bureaus=1, departments=synthetic, years=1, prefix=PREFIX, inconsistent=0)
                for final_account in FinalAccount.objects.filter(department__bureau__slug=PREFIX).order_by(
                    "pk"
                ):
                    documents.append(
                        ("合成：" + str(final_account), render_pdf(build_document(final_account)))
                    )
            raise _Rollback
    except _Rollback:
        pass
    return documents
