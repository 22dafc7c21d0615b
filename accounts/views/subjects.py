"""Subjects a final account uses that its edition lacks: the entry grid keeps one pending (JSON).

The grid posts here when a save was refused for a code the edition lacks (`ChangesRefused.unknown_subjects`)
and the accountant has given the subject's name; it then saves the cell again. Looked up among the final
accounts the user may edit, so anyone else gets a 404.
"""

import json

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.http import require_POST

from .. import editions
from ..queries import final_accounts_editable_by


@require_POST
def add_pending(request, bureau, department, year):
    """Keep `code` with `name` as a subject pending for this final account; answer its chain (JSON).

    Body: {"code": "2050202", "name": "小学教育", "parents": {"20502": "普通教育"}} (parents only when the
    edition lacks them too). Answers 200 {"code", "name", "pending", "chain": [{"code", "name",
    "pending"}, …]} from 类 to the code, or 400 {"message", "missing": [codes whose names are wanted]}.
    """
    final_account = get_object_or_404(
        final_accounts_editable_by(request.user),
        department__bureau__slug=bureau,
        department__slug=department,
        year=year,
    )
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        return JsonResponse({"message": "请求格式不正确。", "missing": []}, status=400)
    parents = body.get("parents") if isinstance(body.get("parents"), dict) else {}
    try:
        subject = editions.add_pending_subject(
            final_account,
            code=str(body.get("code", ""))[:10],
            name=str(body.get("name", ""))[:200],
            parents={str(k)[:10]: str(v)[:200] for k, v in list(parents.items())[:5]},
        )
    except ValidationError as error:
        missing = (error.params or {}).get("codes", []) if hasattr(error, "params") else []
        return JsonResponse({"message": "；".join(error.messages), "missing": missing}, status=400)
    chain, node = [], subject
    while node is not None:
        chain.append({"code": node.code, "name": node.name, "pending": node.is_pending})
        node = node.parent
    return JsonResponse(
        {"code": subject.code, "name": subject.name, "pending": subject.is_pending, "chain": chain[::-1]}
    )


urlpatterns = [
    path(
        "entry/<slug:bureau>/<slug:department>/<int:year>/pending-subjects/",
        add_pending,
        name="entry-pending-subject",
    ),
]
