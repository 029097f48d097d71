"""Issue 14, the read audit: every signed-in user reads their own access history.

The candidate's access log (candidates:audit, for the provider admin and the candidate's own advisor) is
declared with the other candidate pages in candidates.py.
"""

from tests.access.matrix import Entry, expect, signed_in

ENTRIES = [
    Entry("my_history", signed_in(200)),
    Entry("my_history", expect(405, anonymous=405), method="post", note="GET only"),
]
