"""The accounts rule catalogue (rules.md R1–R41 where they apply to data held here): filled in next."""
