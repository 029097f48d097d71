import datetime

from kamportal.lib.canonical import canonical_json, content_hash


def test_canonical_json_sorts_keys_keeps_list_order_and_writes_dates_in_iso():
    content = {"b": [2, 1], "a": {"dato": datetime.date(2027, 1, 15), "navn": "Ærlig Øl på Ås"}}
    assert canonical_json(content) == '{"a":{"dato":"2027-01-15","navn":"Ærlig Øl på Ås"},"b":[2,1]}'.encode()


def test_the_same_content_in_another_key_order_has_the_same_hash_and_a_change_gives_another():
    one = {"title": "Lager", "positions": [{"places": 1, "kind": "internship"}]}
    two = {"positions": [{"kind": "internship", "places": 1}], "title": "Lager"}
    assert content_hash(one) == content_hash(two)
    assert len(content_hash(one)) == 64
    assert content_hash(one) != content_hash({**one, "title": "Lager "})
