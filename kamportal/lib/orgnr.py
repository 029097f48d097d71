"""Norwegian organisation numbers (organisasjonsnummer): 9 digits, modulus-11 check digit."""

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def normalise_org_number(value: str) -> str:
    """Strip the spaces and dots people type ("974 760 673")."""
    return "".join(ch for ch in str(value) if ch not in " .\u00a0")


def org_number_check_digit(first_eight: str) -> int | None:
    """The check digit for eight digits, or None when no valid number can end them."""
    remainder = sum(int(d) * w for d, w in zip(first_eight, WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    digit = 11 - remainder
    return None if digit == 10 else digit


def is_valid_org_number(value: str) -> bool:
    value = normalise_org_number(value)
    if len(value) != 9 or not value.isdigit():
        return False
    return org_number_check_digit(value[:8]) == int(value[8])
