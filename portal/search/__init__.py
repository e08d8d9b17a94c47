"""Search across meetings (kind, date and place), agenda items (title, case presentation, recommendation,
decision), people and appointments — what a user may see only. One module per kind of hit: ``items``,
``meetingtext`` (meetings), ``people`` (people and appointments); ``beside`` asks for those three in one query;
``text`` holds what they share (the words of a query, the full-text query, the marks around a hit).

Search ≡ pages (SPEC §6, FO 3.0, FO 3.3, FO 3.4): an item is found only as one of the user's pages shows it.
Staff (and KL admins) find the live items of the councils they manage, as the secretariat's pages show them.
Everywhere else an item is found in the version of the agenda, Tillæg or minutes the user's meeting page shows:
a council's members the members' version as sent (closed items included; never an agenda not yet sent, never an
edit made since, a personal substitute only for a meeting they are summoned to), everyone else the public
version (a closed item as its public title only, a decision only once the public minutes are out). That text
is read from the search index (``meetings.searchindex``), rows written when a version is published and
rewritten when it is superseded or the meeting cancelled, never from a live row; which audience's rows a user
reads is ``meetings.permissions.entries_shown_sql``, the index-side twin of ``shown_publications``. People
and appointments are found by staff and members, within their own councils.

Meetings are found by their kind ("konstituerende"), their date written out the Danish way ("torsdag",
"15. januar 2026", "15.01.2026", "januar 2026") and their place; everyone sees meetings with a published
agenda, a council's members and staff all of its meetings; cancelled meetings are not found.

On PostgreSQL items and meetings are found with full-text search in the Danish configuration (Danish stemming:
"kommunerne" finds "kommune"), on stored vectors or expressions under GIN indexes, never ``to_tsvector`` per
row. On SQLite (dev mode) a plain ``icontains`` on each word, newest meeting first, with the hits marked.
"""
