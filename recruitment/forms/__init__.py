"""Forms for the recruitment app, one module per concept."""
