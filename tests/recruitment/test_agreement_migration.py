"""The data migration: every free-text expectation agreement becomes version 1 (a draft) with one point that
holds its four texts, so nothing is lost; backwards, the points are joined into the four texts again."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("recruitment", "0010_agreement_points_and_attendance")]
AFTER = [("recruitment", "0011_agreements_into_points")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.mark.django_db(transaction=True)
def test_each_free_text_agreement_becomes_one_point_of_a_draft_version(world):
    from tests.recruitment.recruitment_factories import placement_for

    placement = placement_for(world)
    try:
        apps = _migrate(BEFORE)
        apps.get_model("recruitment", "ExpectationAgreement").objects.create(
            placement_id=placement.pk,
            employer_expectations="Møter presis.",
            provider_expectations="Veileder ringer hver uke.",
            candidate_expectations="Faste vakter.",
            follow_up="Trepartsmøte hver fjerde uke.",
            agreed_on=datetime.date(2026, 11, 2),
            recorded_by_id=world.advisor_b.pk,
        )
        apps = _migrate(AFTER)
        version = apps.get_model("recruitment", "AgreementVersion").objects.get(placement_id=placement.pk)
        assert (version.number, version.status, version.agreed_on) == (1, "draft", datetime.date(2026, 11, 2))
        [point] = version.points.all()
        assert (point.employer_expects, point.provider_expects, point.candidate_expects, point.follow_up) == (
            "Møter presis.",
            "Veileder ringer hver uke.",
            "Faste vakter.",
            "Trepartsmøte hver fjerde uke.",
        )
        apps = _migrate(BEFORE)
        old = apps.get_model("recruitment", "ExpectationAgreement").objects.get(placement_id=placement.pk)
        assert "Faste vakter." in old.candidate_expectations
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
