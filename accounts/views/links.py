"""Links to other apps' pages about a final account, shown on the workspace and on the case page.

An app with pages about a final account (performance: 绩效自评) registers a link from its
AppConfig.ready(), so that the templates of `accounts` name no other app's URLs.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str


_links = {}


def register_link(label, url):
    """Register a link labelled `label` to `url(final_account)`, the page's URL for a final account.

    Registering the same label again replaces the link. Links are shown in registration order.
    """
    _links[label] = url
    return url


def unregister_link(label):
    _links.pop(label, None)


def links_for(final_account):
    """Return the registered links of `final_account`, as Links in registration order (no query)."""
    return [Link(label=label, url=url(final_account)) for label, url in _links.items()]
