from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path

from ..models import FinalAccount
from ..queries import final_accounts_of_member


@login_not_required
def home(request):
    """The portal's front page: published final accounts, and the user's own ones when signed in."""
    published = (
        FinalAccount.objects.published().select_related("department__bureau").order_by("-year", "department__name")
    )
    own = final_accounts_of_member(request.user).select_related("department__bureau").order_by("-year")
    return render(request, "accounts/home.html", {"published": published, "own": own})


@login_not_required
def disclosure(request, bureau, department, year):
    """The disclosure of one department's year: published for everyone, a draft preview for members."""
    from django.shortcuts import get_object_or_404

    from ..queries import final_accounts_visible_to

    final_account = get_object_or_404(
        final_accounts_visible_to(request.user).select_related("department__bureau"),
        department__bureau__slug=bureau, department__slug=department, year=year,
    )
    return render(request, "accounts/home.html", {"published": [final_account], "own": []})


urlpatterns = [
    path("", home, name="home"),
    path("<slug:bureau>/<slug:department>/<int:year>/", disclosure, name="disclosure"),
]
