# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who owes the next reply (citsmart_messaging/tools/conversation.py)."""

import importlib.util
from datetime import datetime
from pathlib import Path

PATH = Path(__file__).resolve().parent.parent / "citsmart_messaging" / "tools"
spec = importlib.util.spec_from_file_location(
    "messaging_conversation", PATH / "conversation.py"
)
conversation = importlib.util.module_from_spec(spec)
spec.loader.exec_module(conversation)
follow = conversation.follow
TEAM, REQUESTER = conversation.TEAM, conversation.REQUESTER


def at(hour, minute=0):
    return datetime(2026, 11, 23, hour, minute)


def test_new_ticket_with_a_requester_waits_on_the_team():
    talk = follow(at(8), [], [])
    assert (talk.waiting_on, talk.since, talk.answers) == (TEAM, at(8), {})


def test_ticket_without_requester_waits_on_nobody():
    talk = follow(None, [], [])
    assert (talk.waiting_on, talk.since) == (None, None)


def test_a_second_requester_comment_does_not_restart_the_clock():
    talk = follow(at(8), [at(9), at(10)], [])
    assert (talk.waiting_on, talk.since) == (TEAM, at(8))
    talk = follow(None, [at(9), at(10)], [])
    assert (talk.waiting_on, talk.since) == (TEAM, at(9))


def test_a_reach_hands_the_ball_to_the_requester():
    talk = follow(at(8), [at(12)], [(at(9), "a"), (at(10), "b")])
    assert talk.answers == {"a": (at(8), at(9))}
    assert talk.first_reach == at(9)
    assert (talk.waiting_on, talk.since) == (TEAM, at(12))
    talk = follow(at(8), [], [(at(9), "a"), (at(10), "b")])
    assert (talk.waiting_on, talk.since) == (REQUESTER, at(9))


def test_an_answer_at_the_moment_of_the_reach_goes_back_to_the_team():
    # the requester's answer marks the team comment seen at its own time
    talk = follow(at(8), [at(9)], [(at(9), "a")])
    assert talk.answers == {"a": (at(8), at(9))}
    assert (talk.waiting_on, talk.since) == (TEAM, at(9))


def test_reaches_count_in_the_order_they_happen():
    # "b" reached first: it is the answer; "a" reached later answers nothing
    talk = follow(at(8), [], [(at(11), "a"), (at(10), "b")])
    assert talk.answers == {"b": (at(8), at(10))}


def test_a_closed_ticket_waits_on_nobody_but_keeps_its_history():
    talk = follow(at(8), [], [(at(9), "a")], closed=True)
    assert (talk.waiting_on, talk.since) == (None, None)
    assert talk.answers == {"a": (at(8), at(9))}
