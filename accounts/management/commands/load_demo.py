from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "载入演示数据：2022 年度区人社局部门决算（已公开）及演示用户。已存在时不作任何修改。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-publish",
            action="store_true",
            help="只载入数据，决算保持草稿状态，不生成公开版本（用于测试和演示录入）。",
        )

    def handle(self, *args, no_publish, **options):
        try:
            result = demo.load_demo(publish=not no_publish)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if result.created:
            state = "草稿" if no_publish else "已公开"
            self.stdout.write(f"已创建演示数据：{result.final_account}（{state}）。")
            if result.created_users:
                self.stdout.write(f"已创建用户：{'、'.join(result.created_users)}。")
        else:
            self.stdout.write(f"演示数据已存在：{result.final_account}，未作任何修改。")
        self.stdout.write(f"登录地址：{demo.LOGIN_URL}")
        for username, first_name, _ in demo.USERS:
            self.stdout.write(f"  {username}（{first_name}）")
        self.stdout.write(f"密码均为：{demo.PASSWORD}")
