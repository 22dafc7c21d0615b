"""Template filters: thin wrappers around accounts.formatting, the one place numbers are formatted."""

from django import template

from accounts import formatting

register = template.Library()


@register.filter
def wanyuan(yuan):
    """Table cell in 万元: “12,341.99”, blank for zero."""
    return formatting.table_amount(yuan)


@register.filter
def wanyuan_sentence(yuan):
    """Amount for a sentence in 万元: “12341.99”."""
    return formatting.sentence_amount(yuan)


@register.filter
def yuan(value):
    """Amount in 元 with separators: “16,734,300.00”."""
    return formatting.yuan_amount(value)


@register.filter
def percent(ratio):
    """Ratio as a percentage with two decimals: “12.71%”."""
    return "" if ratio is None else formatting.ratio_percent(ratio)
