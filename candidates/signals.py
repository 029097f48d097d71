"""Signals other apps listen to; candidates itself does not import them (DESIGN.md "Access")."""

from django.dispatch import Signal

# Sent inside `consent_withdraw`'s transaction, after the withdrawal is saved: `consent`, `actor`.
# The recruitment app cancels the candidate's coming interviews and tells the coordinating KAM
# (recruitment.services.hiring.consent_withdrawal_reach), in the same transaction.
consent_withdrawn = Signal()
