from tests.access.matrix import Entry, expect

ENTRIES = [
    # The load balancer's probe: no session, no data beyond "which part is down".
    Entry("health", expect(200), note="green for everyone, signed in or not; red (500) only when a part is down"),
]
