# Copyright 2026 citsmart_messaging contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who owes the next reply on a ticket, from its conversation's events.

Pure Python (the host-free suite tests it): the add-on feeds it the ticket's
creation, its requester's public comments and the moments the team's public
comments reached the requester. ``helpdesk.ticket``'s search methods state
the same rules in SQL.
"""

from dataclasses import dataclass, field

TEAM = "team"
REQUESTER = "requester"


@dataclass
class Conversation:
    waiting_on: str | None = None  # TEAM, REQUESTER or None
    since: object = None  # when the ball last went to ``waiting_on``
    first_reach: object = None  # when a team comment first reached the requester
    # {team comment: (when the ball went to the team, when it reached him)}
    # for each team comment that handed the ball back to the requester
    answers: dict = field(default_factory=dict)


def follow(opened, asks, reaches, closed=False):
    """Follow the ball through a ticket's conversation.

    :param opened: the ticket's creation when it has a requester, else None
    :param asks: creation times of the requester's public comments
    :param reaches: ``(time, key)`` of each team public comment that reached
        the requester (its email sent, or seen by him)
    :param closed: a closed ticket waits on nobody
    """
    conversation = Conversation()
    if opened:
        conversation.waiting_on, conversation.since = TEAM, opened
    # at the same moment, a reach comes first: a requester's answer marks what
    # he answers as seen at the time of the answer itself
    events = sorted(
        [(time, 0, key) for time, key in reaches] + [(time, 1, None) for time in asks],
        key=lambda event: event[:2],
    )
    for time, is_ask, key in events:
        if is_ask:
            if conversation.waiting_on != TEAM:
                conversation.waiting_on, conversation.since = TEAM, time
            continue
        if conversation.first_reach is None:
            conversation.first_reach = time
        if conversation.waiting_on == TEAM:
            conversation.answers[key] = (conversation.since, time)
        if conversation.waiting_on != REQUESTER:
            conversation.waiting_on, conversation.since = REQUESTER, time
    if closed:
        conversation.waiting_on = conversation.since = None
    return conversation
