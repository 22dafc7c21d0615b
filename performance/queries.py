"""Set-based reads of self-evaluations."""

from .models import Evaluation


def evaluations_for_scoring(final_account):
    """Return the evaluations of a final account in printed order, with their whole tree prefetched.

    Six queries whatever the number of tables, so that performance.scoring can read the rows without
    querying.
    """
    return Evaluation.objects.for_final_account(final_account).prefetch_related(
        "subjects", "goals__categories__subcategories__indicators"
    )
