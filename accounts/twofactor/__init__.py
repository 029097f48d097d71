"""Second sign-in factor (django-otp): TOTP devices with one-time recovery codes.

Staff (any membership, admin-site users) must verify every session; an employer contact
may opt in, and once enrolled must verify too. A verified browser may be remembered for
`TWO_FACTOR_REMEMBER_DAYS` (capped at `TWO_FACTOR_REMEMBER_MAX_DAYS`).
"""
