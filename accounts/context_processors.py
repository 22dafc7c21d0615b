"""Template context shared by every page."""

from django.conf import settings


def site(request):
    """The footer's site identifiers (config.settings SITE_*), empty strings when not configured."""
    return {
        "site": {
            "host": settings.SITE_HOST,
            "contact": settings.SITE_CONTACT,
            "icp_record": settings.SITE_ICP_RECORD,
            "public_security_record": settings.SITE_PUBLIC_SECURITY_RECORD,
            "government_id": settings.SITE_GOVERNMENT_ID,
        }
    }
