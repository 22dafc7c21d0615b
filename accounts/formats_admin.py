"""Report formats in the admin."""
