"""Reads for the recruitment app, one module per concept; import them from here."""
