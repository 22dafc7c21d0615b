"""Review comments: threads on a cell, a section or the whole of a final account, answered and resolved.

A thread is its first comment (which has the location) and the replies under it. Reviewers and the
department's accountants both comment and reply; either side resolves a thread or opens it again. Each
comment or reply is e-mailed to the other side (accounts.notifications) once its transaction commits.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from . import inputs
from .addresses import AddressError, address_of, column_keys_of, parse_label
from .document.sections import COMMENT_SECTIONS
from .models import ReviewComment
from .notifications import case_url, notify_comment
from .queries import final_accounts_for
from .statements import build_statements, load_facts


def _clean_text(text):
    """The comment's text, or ValidationError: empty, a control character, or over the input policy's limit."""
    text = inputs.check_text((text or "").strip(), kind="reason", label="意见")
    if not text:
        raise ValidationError("意见内容不能为空。", code="empty")
    return text


def _check_may_comment(final_account, by):
    if by is not None and not final_accounts_for(by, "comment").filter(pk=final_account.pk).exists():
        raise PermissionDenied(f"{by} may not comment on {final_account}")


@transaction.atomic
def add_comment(final_account, *, by, text, address="", section=""):
    """Open a thread on a cell, a section or the whole of the current version (reviewers and accountants).

    `address` names the cell: an address text or a printed cell's label (“表5/2080101/栏2”, as findings
    show it), which must be a cell of the account's tables; `section` is one of COMMENT_SECTIONS. With
    neither, the comment is on the whole account.
    """
    text = _clean_text(text)
    _check_may_comment(final_account, by)
    address, section = (address or "").strip(), (section or "").strip()
    if address and section:
        raise ValidationError("请只选择单元格或章节之一。", code="cell_and_section")
    if section and section not in COMMENT_SECTIONS:
        raise ValidationError(f"没有“{section}”这一章节，请从列表中选择。", code="unknown_section")
    comment = ReviewComment.objects.create(
        final_account=final_account,
        version=final_account.version,
        address=str(comment_address(final_account, address)) if address else "",
        target=section,
        text=text,
        author=by,
    )
    transaction.on_commit(lambda: notify_comment(comment))
    return comment


@transaction.atomic
def reply_to_comment(thread, *, by, text):
    """Answer the thread `thread` (its first comment); return the reply."""
    text = _clean_text(text)
    thread = ReviewComment.objects.select_for_update().select_related("final_account").get(pk=thread.pk)
    if thread.parent_id is not None:
        raise ValidationError("只能回复一条意见的首条。", code="not_a_thread")
    _check_may_comment(thread.final_account, by)
    reply = ReviewComment.objects.create(
        final_account=thread.final_account, version=thread.version, parent=thread, text=text, author=by
    )
    transaction.on_commit(lambda: notify_comment(reply))
    return reply


@transaction.atomic
def resolve_comment(thread, *, by):
    """Mark the thread resolved by `by` (either side may); resolving a resolved thread changes nothing."""
    thread = ReviewComment.objects.select_for_update().select_related("final_account").get(pk=thread.pk)
    if thread.parent_id is not None:
        raise ValidationError("只能对一条意见的首条标记解决。", code="not_a_thread")
    _check_may_comment(thread.final_account, by)
    if thread.resolved_at is None:
        thread.resolved_at, thread.resolved_by = timezone.now(), by
        thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


@transaction.atomic
def reopen_comment(thread, *, by):
    """Open a resolved thread again."""
    thread = ReviewComment.objects.select_for_update().select_related("final_account").get(pk=thread.pk)
    _check_may_comment(thread.final_account, by)
    thread.resolved_at, thread.resolved_by = None, None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return thread


def open_threads(final_account):
    """Return the unresolved threads of the current version of `final_account`."""
    return ReviewComment.objects.filter(
        final_account=final_account, version=final_account.version, parent=None, resolved_at=None
    )


@dataclass(frozen=True)
class Thread:
    """A thread as read: its first comment, its location's label and anchors, and its replies."""

    comment: ReviewComment
    location: str
    anchor: str  # where the commented figure is in the document (“cell-…”), "" for a section
    entry_anchor: str  # where the figure is entered in a grid (“c-…”), "" when no single input holds it
    replies: tuple

    @property
    def is_open(self):
        return self.comment.resolved_at is None


def threads_of(final_account, *, version=None):
    """Return the Threads of a version (the current one by default) of `final_account`, oldest first.

    Three queries whatever the number of threads (the comments, their replies, the format's tables);
    one when there is none.
    """
    version = final_account.version if version is None else version
    replies = ReviewComment.objects.select_related("author").order_by("created_at", "id")
    comments = (
        ReviewComment.objects.filter(final_account=final_account, version=version, parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    comments = list(comments)
    if not comments:
        return []
    tables = final_account.report_format.tables.all()
    numbers = {table.kind: table.number for table in tables}
    column_keys = column_keys_of({table.kind: table for table in tables})
    threads = []
    for comment in comments:
        address = address_of(comment.address) if comment.address else None
        behind = address.behind(column_keys) if address is not None else None
        threads.append(
            Thread(
                comment=comment,
                location=address.label(tables=numbers) if address is not None else comment.target,
                anchor=address.anchor if address is not None and address.is_printed_cell else "",
                entry_anchor=behind.anchor if behind is not None else "",
                replies=tuple(comment.replies.all()),
            )
        )
    return threads


def comment_address(final_account, text):
    """Return the Address a comment's location `text` names, or raise ValidationError saying why not."""
    facts = load_facts(final_account)
    statements = build_statements(facts)
    tables = {kind: statement.number for kind, statement in statements.items()}
    address = address_of(text)
    try:
        address = address or parse_label(text, tables=tables)
    except AddressError:
        raise ValidationError(
            f"位置“{text}”不是报表中的单元格：请按审核结果中的写法填写（如“表5/2080101/栏2”），或选择章节。",
            code="invalid_address",
        ) from None
    statement = statements.get(address.table_kind)
    printed = statement is not None and address in statement.cells_by_address()
    if (address.area == "table" and statement is None) or (address.is_printed_cell and not printed):
        raise ValidationError(
            f"{address.label(tables=tables)} 不是本决算报表中的单元格，请核对表号、科目编码和栏次。",
            code="no_such_cell",
        )
    return address


def comment_location(comment, tables):
    """Return where a comment is, for reading: its cell's label (“表5/2080101/栏2”), its section, or ""."""
    address = address_of(comment.address) if comment.address else None
    return address.label(tables=tables) if address is not None else comment.target


def entry_markers(final_account):
    """Return what the entry grids show of the comments: the threads, how many are open, and the
    open threads by the HTML id of the input holding their figure ({anchor: [{location, text, url}]})."""
    threads = threads_of(final_account)
    url = case_url(final_account)
    marks = {}
    for thread in threads:
        if thread.is_open and thread.entry_anchor:
            marks.setdefault(thread.entry_anchor, []).append(
                {
                    "location": thread.location,
                    "text": thread.comment.text[:200],
                    "url": f"{url}#comment-{thread.comment.pk}",
                }
            )
    return {
        "threads": threads,
        "open": sum(1 for thread in threads if thread.is_open),
        "marks": marks,
        "case_url": url,
        "comment_url": f"{url}comment/",
    }
