"""What the published page adds around a version: the changes a correction made, the public JSON's hash."""

from django import template

from ..open_data.corrections import correction_of
from ..open_data.frozen import TamperedFile
from ..open_data.public_json import public_json

register = template.Library()


@register.simple_tag
def correction(version):
    """Return the Correction `version` made to the version before it (open_data.corrections), or None."""
    return correction_of(version)


@register.simple_tag
def public_json_sha256(version):
    """Return the SHA-256 of the JSON readers download for `version` ("" if its file fails its check)."""
    try:
        return public_json(version)[1]
    except TamperedFile:
        return ""
