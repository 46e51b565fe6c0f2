"""The server's side of the rules restates the Python side: their tables must be the same."""

import importlib

from shared.rules.states import ALLOWS, RESULTS, TRANSITIONS, TicketAction


def test_migration_0002_snapshots_the_rules_ticket_transitions():
    migration = importlib.import_module("shared.migrations.versions.0002_server_side_rules")
    assert migration.TRANSITIONS == TRANSITIONS


def test_every_action_has_a_resulting_state_and_transitions_follow_from_the_table():
    assert set(RESULTS) == set(TicketAction)
    assert ("waiting", "called") in TRANSITIONS
    assert ("done", "waiting") not in TRANSITIONS
    assert all(ALLOWS[old] for old, _ in TRANSITIONS)
