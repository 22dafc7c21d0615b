"""The registry of rules and of the loaders that fetch data rules need beyond the facts.

`accounts` registers its catalogue; other apps register theirs from their AppConfig.ready()
(`performance` adds the 绩效自评 checks), so that `accounts` never imports them.
"""

RULES = {}
LOADERS = {}
BULK_LOADERS = {}
_catalogue_loaded = False


def register(rule):
    """Register `rule` under its id and return it; registering the same id again replaces the rule."""
    _ensure_catalogue()  # so that the accounts catalogue always comes first
    RULES[rule.id] = rule
    return rule


def unregister(rule_id):
    """Remove the rule `rule_id` if registered (for tests and for apps that replace a rule)."""
    RULES.pop(rule_id, None)


def register_loader(name, loader, *, many=None):
    """Register `loader(final_account)`, called once per check; its result is `context.extra[name]`.

    A loader should run a constant number of queries whatever the size of the final account. `many`,
    if given, is its bulk form for checks over many final accounts (engine.check_final_accounts):
    `many(final_accounts)` returns {final account id: what `loader` returns}, in a constant number of
    queries however many accounts; without it the bulk check calls `loader` once per account.
    """
    LOADERS[name] = loader
    if many is None:
        BULK_LOADERS.pop(name, None)
    else:
        BULK_LOADERS[name] = many
    return loader


def _ensure_catalogue():
    # The catalogue registers itself on import; importing it here, not at module import, keeps the
    # registry importable from the catalogue and from other apps' ready() without a cycle.
    global _catalogue_loaded
    if not _catalogue_loaded:
        _catalogue_loaded = True
        from . import catalogue  # noqa: F401


def registered_rules():
    """Return every registered rule, the accounts catalogue first, in registration order."""
    _ensure_catalogue()
    return tuple(RULES.values())


def registered_loaders():
    _ensure_catalogue()
    return dict(LOADERS)


def registered_bulk_loaders():
    """Return {name: many(final_accounts)} of the loaders registered with a bulk form."""
    _ensure_catalogue()
    return dict(BULK_LOADERS)


def rule(rule_id):
    """Return the registered rule `rule_id`, or raise KeyError."""
    _ensure_catalogue()
    return RULES[rule_id]


# Texts and held quantities other apps add to what the free-text rules read (N1–N4, H1–H4): `performance`
# adds its self-evaluation texts and values. A source is `source(context)` reading `context.extra` (what
# its loader fetched); it must not query.
TEXT_SOURCES = {}
QUANTITY_SOURCES = {}


def register_text_source(name, source):
    """Register `source(context)` → iterable of (Address, text): texts the text rules also read."""
    TEXT_SOURCES[name] = source
    return source


def register_quantity_source(name, source):
    """Register `source(context)` → iterable of HeldQuantity (texts.py): figures a text may name."""
    QUANTITY_SOURCES[name] = source
    return source


def registered_text_sources():
    _ensure_catalogue()
    return tuple(TEXT_SOURCES.values())


def registered_quantity_sources():
    _ensure_catalogue()
    return tuple(QUANTITY_SOURCES.values())
