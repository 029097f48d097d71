import pytest

from kamportal.lib.orgnr import is_valid_org_number, normalise_org_number, org_number_check_digit


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("974760673", True),  # Brønnøysundregistrene
        ("974 760 673", True),
        ("923609016", True),  # Equinor ASA
        ("974760674", False),  # wrong check digit
        ("97476067", False),  # 8 digits
        ("9747606730", False),  # 10 digits
        ("97476067a", False),
        ("", False),
    ],
)
def test_org_numbers_are_checked_with_modulus_11(value, valid):
    assert is_valid_org_number(value) is valid


@pytest.mark.parametrize(
    ("first_eight", "digit"),
    [
        ("00000000", 0),  # remainder 0 → check digit 0
        ("00000004", 3),  # 4 × 2 = 8 → 11 − 8
        ("00000050", 7),  # 5 × 3 = 15, 15 mod 11 = 4 → 11 − 4
        ("00000006", None),  # 6 × 2 = 12, remainder 1 → 10: no valid number ends these digits
    ],
)
def test_the_check_digit(first_eight, digit):
    assert org_number_check_digit(first_eight) == digit


def test_spaces_and_dots_are_ignored():
    assert normalise_org_number("974.760 673") == "974760673"
