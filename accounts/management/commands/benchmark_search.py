import random
import re
import statistics
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import RequestFactory

from accounts.models import SearchPassage
from accounts.open_data.queries import current_versions
from accounts.open_data.search import write_passages
from accounts.views.portal import search

AMOUNT = re.compile(r"\d+\.\d\d")


def varied(passages, department, seed):
    """Return the demo's passages as another department's: its name, and every amount scaled."""
    generator = random.Random(seed)
    result = []
    for anchor, heading, text in passages:
        factor = Decimal(generator.randint(50, 150)) / 100

        def scale(match, factor=factor):
            return str((Decimal(match.group()) * factor).quantize(Decimal("0.01")))

        text = AMOUNT.sub(scale, text.replace("区人社局", department.short_name or department.name))
        result.append((anchor, heading.replace("区人社局", department.short_name or department.name), text))
    return result


class Command(BaseCommand):
    help = (
        "测量公开搜索：每个检索词的用时（不经缓存，中位数和 p99）。--fill N 先让 N 个现行公开版本（合成省份）"
        "带上演示决算的全部文字（换成各自的部门名称，金额按比例变化），以在省级规模上测量。不用于生产数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--fill", type=int, default=0, help="带上演示决算文字的现行版本数，默认 0。")
        parser.add_argument(
            "--queries",
            default=str(Path(settings.BASE_DIR) / "scripts" / "search_queries.txt"),
            help="检索词文件，每行一个，默认 scripts/search_queries.txt。",
        )
        parser.add_argument("--rounds", type=int, default=3, help="每个检索词测量的轮数，默认 3。")

    def handle(self, *args, **options):
        if options["fill"]:
            self.fill(options["fill"])
        if options["rounds"] < 1:
            return
        queries = [line.strip() for line in Path(options["queries"]).read_text("utf-8").splitlines()]
        queries = [query for query in queries if query]
        if not queries:
            raise CommandError("检索词文件是空的。")
        factory = RequestFactory()
        timings, slowest = [], {}
        for _round in range(options["rounds"]):
            for query in queries:
                request = factory.get("/search/", {"q": query})
                request.user = AnonymousUser()
                start = time.perf_counter()
                response = search(request)
                elapsed = (time.perf_counter() - start) * 1000
                if response.status_code != 200:
                    raise CommandError(f"“{query}”的搜索答复 {response.status_code}。")
                timings.append(elapsed)
                slowest[query] = max(slowest.get(query, 0), elapsed)
        timings.sort()
        p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
        worst = sorted(slowest.items(), key=lambda item: -item[1])[:5]
        self.stdout.write(
            f"检索段落 {SearchPassage.objects.count()} 个；{len(queries)} 个检索词 × {options['rounds']} 轮，"
            f"整页（不经缓存）中位数 {statistics.median(timings):.1f} ms，p99 {p99:.1f} ms，"
            f"最慢 {timings[-1]:.1f} ms。最慢的词："
            + "、".join(f"{query} {ms:.0f} ms" for query, ms in worst)
        )

    def fill(self, count):
        versions = current_versions().select_related("final_account__department")
        demo = versions.filter(
            final_account__department__bureau__slug="dongxihu", final_account__department__slug="hrss"
        ).first()
        if demo is None:
            raise CommandError("没有演示决算的公开版本：先运行 manage.py load_demo。")
        passages = list(demo.passages.order_by("position").values_list("anchor", "heading", "text"))
        others = list(
            versions.exclude(final_account__department=demo.final_account.department).order_by("pk")
        )
        if count > len(others):
            raise CommandError(f"只有 {len(others)} 个其他现行公开版本。")
        step = len(others) / count
        chosen = [others[int(index * step)] for index in range(count)]
        start = time.perf_counter()
        # Their placeholder pages' passages, at once: pairs are found by passage with no index of their own.
        SearchPassage.objects.filter(version__in=chosen).delete()
        for version in chosen:
            with transaction.atomic():
                write_passages(version, varied(passages, version.final_account.department, version.pk))
        self.stdout.write(
            f"已为 {count} 个版本写入各 {len(passages)} 个段落，用时 {time.perf_counter() - start:.0f} 秒。"
        )
