"""Open data: everything the public reads of published versions, and nothing else.

Every read here goes through frozen versions (their stored JSON, or the PublishedCell rows copied from
it at publication), never through live facts, which may be a correction in progress (DESIGN.md §5).
Search, comparisons and 汇总 are set-based queries over PublishedCell joined to the current (highest
numbered) version of each final account.
"""
