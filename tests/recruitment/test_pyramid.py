"""The customer-pyramid tier: one function, tested as a table."""

import pytest

from recruitment.models import Tier
from recruitment.pyramid import compute_tier

YES5 = (True, True, True, True, True)
YES4 = (True, True, True, True, False)
YES2 = (True, True, False, False, False)
YES1 = (True, False, False, False, False)
NO = (False, False, False, False, False)


@pytest.mark.parametrize(
    ("case", "kwargs", "tier"),
    [
        ("top scores and all soft yes", {"scores": (4, 4, 4, 4), "soft": YES5}, Tier.GOLD),
        ("gold at exactly 12 points and 4 yes", {"scores": (3, 3, 3, 3), "soft": YES4}, Tier.GOLD),
        ("11 points is not gold", {"scores": (3, 3, 3, 2), "soft": YES5}, Tier.SILVER),
        ("12 points with 3 yes is silver", {"scores": (3, 3, 3, 3), "soft": YES4[:3] + (False, False)}, Tier.SILVER),
        ("a large employer without partnership is bronze", {"scores": (4, 4, 4, 4), "soft": YES1}, Tier.BRONZE),
        ("silver at exactly 8 points and 2 yes", {"scores": (2, 2, 2, 2), "soft": YES2}, Tier.SILVER),
        ("7 points is bronze", {"scores": (2, 2, 2, 1), "soft": YES5}, Tier.BRONZE),
        ("lowest scores", {"scores": (1, 1, 1, 1), "soft": NO}, Tier.BRONZE),
        (
            "an unreliable employer is excluded whatever its scores",
            {"scores": (4, 4, 4, 4), "soft": YES5, "excluded": True, "exclusion_reason": "Svindel med tilskudd"},
            Tier.EXCLUDED,
        ),
        (
            "no override lifts an exclusion",
            {
                "scores": (4, 4, 4, 4),
                "soft": YES5,
                "excluded": True,
                "exclusion_reason": "Uredelig",
                "override_tier": Tier.GOLD,
                "override_reason": "Likevel",
            },
            Tier.EXCLUDED,
        ),
        (
            "the KAM's override wins over the computed tier",
            {"scores": (1, 1, 1, 1), "soft": NO, "override_tier": Tier.GOLD, "override_reason": "Strategisk"},
            Tier.GOLD,
        ),
        (
            "an override can lower the tier",
            {"scores": (4, 4, 4, 4), "soft": YES5, "override_tier": Tier.BRONZE, "override_reason": "Nedbemanner"},
            Tier.BRONZE,
        ),
        (
            "a politically sensitive employer keeps its computed tier",
            {"scores": (3, 3, 3, 3), "soft": YES4, "politically_sensitive": True, "sensitive_handler": "Randi"},
            Tier.GOLD,
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and " " in v else "",
)
def test_compute_tier(case, kwargs, tier):
    kwargs.setdefault("excluded", False)
    assert compute_tier(**kwargs).tier == tier


def test_the_reasons_name_the_points_and_the_soft_filter():
    result = compute_tier(excluded=False, scores=(3, 3, 3, 4), soft=YES4)
    assert any("13" in r and "16" in r for r in result.reasons)
    assert any("4" in r and "5" in r for r in result.reasons)


def test_the_reasons_name_the_exclusion_and_the_override():
    assert "Svindel" in compute_tier(excluded=True, exclusion_reason="Svindel", scores=(1, 1, 1, 1), soft=NO).reasons[0]
    result = compute_tier(
        excluded=False, scores=(1, 1, 1, 1), soft=NO, override_tier=Tier.SILVER, override_reason="Ny avtale"
    )
    assert "Ny avtale" in result.reasons[-1]


def test_a_politically_sensitive_employer_names_its_handler():
    result = compute_tier(
        excluded=False, scores=(1, 1, 1, 1), soft=NO, politically_sensitive=True, sensitive_handler="Randi Fosse"
    )
    assert "Randi Fosse" in result.reasons[0]
