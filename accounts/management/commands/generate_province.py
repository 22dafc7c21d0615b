from collections import Counter

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.synthetic import generate_province


def fraction(text):
    value = float(text)
    if not 0 <= value <= 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "生成合成的省级数据用于性能测试：省、市、区财政局，各局的部门和单位，各部门各年度的决算"
        "（数据满足勾稽关系，按比例加入可被审核规则发现的错误）。不用于生产数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bureaus",
            type=int,
            default=20,
            help="财政局数（含省财政厅；约五分之一为市局，其余为区局），默认 20。",
        )
        parser.add_argument("--departments", type=int, default=50, help="每个财政局下的部门数，默认 50。")
        parser.add_argument("--years", type=int, default=5, help="年度数，截至 --last-year，默认 5。")
        parser.add_argument("--last-year", type=int, default=2022, help="最后一个决算年度，默认 2022。")
        parser.add_argument(
            "--seed", type=int, default=1, help="随机种子：相同参数和种子生成相同数据，默认 1。"
        )
        parser.add_argument(
            "--inconsistent",
            type=fraction,
            default=0.02,
            help="含一处故意错误的决算所占比例（0–1），默认 0.02。",
        )
        parser.add_argument(
            "--publish-fraction",
            type=fraction,
            default=0.0,
            help="记为已公开的决算所占比例（0–1）：保存公开 JSON 和公开数据单元格，HTML、PDF 为占位页，默认 0。",
        )
        parser.add_argument(
            "--render-sample",
            type=int,
            default=0,
            help="已公开决算中完整渲染 HTML 和 PDF 的份数（每份需数秒），默认 0。",
        )
        parser.add_argument("--prefix", default="syn", help="财政局标识的前缀，默认 syn。")

    def handle(self, *args, **options):
        try:
            province = generate_province(
                bureaus=options["bureaus"],
                departments=options["departments"],
                years=options["years"],
                last_year=options["last_year"],
                seed=options["seed"],
                inconsistent=options["inconsistent"],
                publish_fraction=options["publish_fraction"],
                render_sample=options["render_sample"],
                prefix=options["prefix"],
                progress=lambda text: self.stdout.write(f"  已写入 {text}"),
            )
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        self.stdout.write(
            f"已生成 {province.root.name}（{province.root.slug}）：财政局 {province.bureaus} 个，部门 {province.departments} 个，"
            f"单位 {province.units} 个，部门决算 {province.final_accounts} 份，数据 {province.facts} 行；"
            f"已公开 {province.published} 份（完整渲染 {province.rendered} 份）；用时 {province.seconds:.1f} 秒。"
        )
        counts = Counter(injection.rule_id for injection in province.injections)
        listed = "、".join(f"{rule_id} {count} 份" for rule_id, count in sorted(counts.items()))
        self.stdout.write(f"故意错误 {len(province.injections)} 份" + (f"：{listed}。" if listed else "。"))
