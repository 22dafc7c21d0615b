from django.core.management.base import BaseCommand, CommandError

from accounts.benchmarks import BENCHMARKS, machine_description


class Command(BaseCommand):
    help = "运行基准测试并打印结果（中位数耗时、查询次数）。不给名称时运行全部。"

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help=f"基准名称：{', '.join(sorted(BENCHMARKS))}。")

    def handle(self, *args, names, **options):
        unknown = sorted(set(names) - set(BENCHMARKS))
        if unknown:
            raise CommandError(f"未知的基准：{', '.join(unknown)}。可用：{', '.join(sorted(BENCHMARKS))}。")
        self.stdout.write(machine_description())
        for name in names or sorted(BENCHMARKS):
            for line in BENCHMARKS[name]():
                self.stdout.write(line)
