"""Self-evaluations (绩效自评) of final accounts. Depends on accounts, never the reverse."""
