from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts import demo


class Command(BaseCommand):
    help = "载入演示数据：2022 年度区人社局部门决算（已公开）及演示用户。已存在时不作任何修改。"

    def handle(self, *args, **options):
        try:
            result = demo.load_demo()
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        if result.created:
            self.stdout.write(f"已创建演示数据：{result.final_account}（已公开）。")
            if result.created_users:
                self.stdout.write(f"已创建用户：{'、'.join(result.created_users)}。")
        else:
            self.stdout.write(f"演示数据已存在：{result.final_account}，未作任何修改。")
        self.stdout.write(f"登录地址：{demo.LOGIN_URL}")
        for username, first_name, _ in demo.USERS:
            self.stdout.write(f"  {username}（{first_name}）")
        self.stdout.write(f"密码均为：{demo.PASSWORD}")
