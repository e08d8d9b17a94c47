"""FO 3.4, FO 3.5, FO 3.7, FO 3.9: the minutes' attendance agrees with every vote statement in them. The published
minutes are a snapshot (``Publication.content``), so the check reads the snapshot as a member reads it: who is
listed present, who led, who was present at each item with a vote, who held the casting vote, and each vote's
sentence; and minutes published after their approval state each vote as it is stored."""

import re

from meetings.models import Publication, Vote

PRESENCE = re.compile(r"^Til stede ved punktet: (\d+) af (\d+) pladser; mødeleder: (.+)\.$")
COUNTS = re.compile(r"(\d+) stemmer? for(?:, (\d+) imod og (\d+) undlod at stemme| og (\d+) imod)")
CASTING = re.compile(r"^Udslagsgivende stemme ved stemmelighed: (?:ingen – .+ var ikke til stede|\w+, (.+))\.$")
NAME = re.compile(r"^(.+?)(?:, | \(| deltog som )")


def _name(line: str) -> str:
    """ "Anna A, Aalborg (A), formand" → "Anna A"."""
    found = NAME.match(line)
    return found.group(1) if found else line


def _cast(sentence: str) -> int:
    found = COUNTS.search(sentence)
    assert found, f"ingen optælling i {sentence!r}"
    votes_for, against, abstained, against_only = found.groups()
    return int(votes_for) + int(against or against_only) + int(abstained or 0)


def minutes_agree_with_their_attendance(meeting) -> int:
    """Every rendered minutes version of ``meeting``, drafts too; returns how many items with votes it checked."""
    checked = 0
    for publication in meeting.publications.ready().filter(kind=Publication.Kind.MINUTES):
        content, where = publication.content, f"referat {publication.pk} (v{publication.version})"
        attendance = content["attendance"]
        attending = {_name(line) for line in attendance["present"] + attendance["substitutes"]}
        assert not content["leader"] or content["leader"] in attending, f"{where}: mødeleder {content['leader']}"
        for item in content["items"]:
            if item.get("votes"):
                _item_agrees(item, attending, f"{where}, punkt {item['number']}")
                checked += 1
        if not publication.is_draft and _published_after_approval(meeting, publication):
            _states_votes_as_stored(meeting, content, where)
    return checked


def _item_agrees(item: dict, attending: set[str], where: str) -> None:
    presence = PRESENCE.match(item.get("presence", ""))
    assert presence, f"{where}: intet fremmøde ved punktet ({item.get('presence')!r})"
    present, seats, leader = int(presence.group(1)), int(presence.group(2)), presence.group(3)
    assert present <= seats and present <= len(attending), f"{where}: {present} til stede, {len(attending)} på listen"
    assert leader == "ingen" or leader in attending, f"{where}: mødeleder {leader} står ikke som til stede"
    casting = CASTING.match(item.get("casting", ""))
    assert casting, f"{where}: {item.get('casting')!r}"
    holder = casting.group(1)
    assert holder is None or holder in attending, f"{where}: {holder} havde den udslagsgivende stemme uden at deltage"
    for sentence in item["votes"]:
        assert _cast(sentence) <= present, f"{where}: {sentence!r}, men {present} til stede"
        if "gjorde udslaget" in sentence:
            assert holder is not None, f"{where}: {sentence!r}, men ingen havde den udslagsgivende stemme"
        if "stemmerne stod lige" in sentence:
            absent = "ikke til stede" in sentence
            assert absent == (holder is None), f"{where}: {sentence!r} og {item['casting']!r}"


def _published_after_approval(meeting, publication) -> bool:
    approved = meeting.minutes_approved_at
    return approved is not None and publication.requested_at >= approved


def _states_votes_as_stored(meeting, content: dict, where: str) -> None:
    """Approved minutes are locked (FO 3.4): the published statements are the votes' stored ones."""
    stored: dict[int, list[str]] = {}
    for position, sentence in (
        Vote.objects.filter(item__meeting=meeting)
        .order_by("recorded_at", "pk")
        .values_list("item__position", "minutes_sentence")
    ):
        stored.setdefault(position, []).append(sentence)
    for item in content["items"]:
        if "votes" in item:
            assert item["votes"] == stored.get(item["number"], []), (where, item["number"], item["votes"], stored)
