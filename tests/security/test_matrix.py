"""The authorization matrix (docs/security.md): every URL pattern of the project (walked from the resolver,
the admin included) × anonymous, member of A, member of B, staff of A, staff of B and a KL admin × GET and
POST. Each role gets what the expectation table says; a refused POST changes no row; closed and unpublished
marker text never reaches anyone outside council A (HTML, PDF text, Atom, iCal, CSV). A URL pattern without
an entry in the table fails the test."""

import functools
import re
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from tests.security.world import (
    B_MARKERS,
    CLOSED_MARKERS,
    LATER_MARKERS,
    MISSING,
    ROLES,
    UNPUBLISHED_MARKERS,
    first,
    walk,
)

pytestmark = pytest.mark.django_db

# Who may use a URL (council A's objects in the parameters).
PUBLIC = frozenset(ROLES)
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
COUNCIL = frozenset({"member_a", "staff_a", "admin"})  # members, substitutes and staff of A; KL admins
SEATED = frozenset({"member_a"})  # only a seated member or substitute acts in the member portal
STAFF = frozenset({"staff_a", "admin"})
ADMIN = frozenset({"admin"})

EXPECT = {
    "healthz": PUBLIC,
    "login": PUBLIC,
    "logout": PUBLIC,  # logging out nobody is harmless
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    # two-factor login (kkr/twofactor.py): every signed-in user's own settings
    "two-factor-verify": SIGNED_IN,
    "two-factor-setup": SIGNED_IN,
    "two-factor-overview": SIGNED_IN,
    "two-factor-new-codes": SIGNED_IN,
    "two-factor-disable": SIGNED_IN,
    # portal
    "portal:home": PUBLIC,
    "portal:council-detail": PUBLIC,
    "portal:council-dashboard": STAFF,
    "portal:council-portal": COUNCIL,
    "portal:person-detail": COUNCIL,
    "portal:search": PUBLIC,  # results filtered by role (tests/portal)
    "portal:archive": PUBLIC,  # the public version for those outside the council
    "portal:agenda-step": STAFF,  # an agenda item's step -> the page that does it
    # members
    "members:roster-detail": COUNCIL,
    "members:directory-list": COUNCIL,
    "members:directory-export": COUNCIL,
    "members:membership-create": STAFF,
    "members:membership-depart": STAFF,
    "members:membership-party-switch": STAFF,
    "members:leave-create": STAFF,
    "members:substitute-create": STAFF,
    "members:substitute-depart": STAFF,
    "members:leave-decide": STAFF,
    "members:leave-end": STAFF,
    "members:chairrole-create": STAFF,
    "members:chairrole-absence": STAFF,
    "members:observer-create": STAFF,
    "members:observer-end": STAFF,
    "members:office-import": STAFF,
    "members:action-resolve": STAFF,
    "members:action-list": STAFF,
    "members:council-import": STAFF,
    "members:person-update": STAFF,
    "members:office-end": STAFF,
    "members:ruleset-detail": STAFF,
    "members:picker-new-member": STAFF,
    "members:picker-substitute": STAFF,
    "members:staff-rights": ADMIN,
    "members:staff-grant": ADMIN,
    "members:staff-invite": ADMIN,
    "members:staff-revoke": ADMIN,
    # meetings: secretariat
    **{
        f"meetings:{name}": STAFF
        for name in [
            "meeting-list",
            "meeting-detail",
            "meeting-cancel",
            "item-create",
            "standing-items-insert",
            "agenda-publish",
            "supplement-publish",
            "publication-list",
            "meeting-sitting",
            "attendance-update",
            "minutes-approve",
            "staff-present-update",
            "minutes-publish",
            "item-update",
            "item-move",
            "item-delete",
            "attachment-create",
            "vote-create",
            "decision-update",
            "proposal-accept",
            "proposal-decline",
            "standing-item-list",
            "standing-item-delete",
            "publication-retry",
            "publication-deliveries",
            "publication-preview",
            "absence-register",
            "absence-withdraw",
            "attachment-delete",
            "attachment-replace",
            "attendance-all-present",
            "attendance-movement",
            "item-postpone",
            "minutes-reopen",
            "standing-items-defaults",
            "vote-correct",
            "vote-remove",
        ]
    },
    # meetings: members
    "meetings:member-meeting-list": COUNCIL,
    "meetings:member-meeting": COUNCIL,
    "meetings:member-meeting-agenda": COUNCIL,  # the agenda once the minutes are shown in its place
    "meetings:proposal-create": SEATED,
    "meetings:absence-create": SEATED,
    "meetings:absence-withdraw-own": SEATED,
    "meetings:extraordinary-request-create": SEATED,
    "meetings:calendar-feed-detail": SEATED,
    "meetings:publication-pdf": COUNCIL,  # the members' version
    "meetings:attachment-file": COUNCIL,  # a closed item's bilag listed in the members' version sent
    # meetings: public
    "meetings:public-meeting-list": PUBLIC,
    "meetings:public-meeting": PUBLIC,
    "meetings:public-meeting-agenda": PUBLIC,
    "meetings:publication-feed": PUBLIC,
    "meetings:meeting-calendar": PUBLIC,
    "meetings:personal-calendar": PUBLIC,  # the secret token is the key
    # elections
    **{
        f"elections:{name}": STAFF
        for name in [
            "composition-detail",
            "result-import",
            "composition-pdf",
            "composition-pdf-job",
            "composition-pdf-file",
            "lot-create",
            "composition-confirm",
            "official-update",
            "constituent-detail",
            "constituent-create",
            "convener-update",
            "alliance-create",
            "chair-election-run",
            "chair-lot-create",
            "chair-election-confirm",
            "constituent-handover",
        ]
    },
    # appointments
    **{
        f"appointments:{name}": STAFF
        for name in [
            "register-detail",
            "register-csv",
            "register-pdf",
            "register-pdf-job",
            "register-pdf-file",
            "next-term",
            "seats-copy",
            "body-list",
            "body-detail",
            "body-abolish",
            "body-create",
            "body-update",
            "seat-create",
            "appointment-create",
            "appointment-end",
            "appointment-void",
            "stand-in-create",
            "picker-appointee",
            "representative-list",
            "nomination-create",
            "nomination-decide",
            "election-list",
            "election-create",
            "election-detail",
            "round-create",
            "lot-create",
            "group-create",
            "allocation-create",
            "departure-create",
            "election-confirm",
            "election-withdraw",
        ]
    },
    "appointments:public-list": PUBLIC,
    # the open-data API (docs/api.md): the public answer for everyone, whoever is signed in
    "api-index": PUBLIC,
    "api:api-root": PUBLIC,  # the same address as api-index, which answers it
    "api:openapi-json": PUBLIC,
    "api:councils": PUBLIC,
    "api:council": PUBLIC,
    "api:periods": PUBLIC,
    "api:meetings": PUBLIC,
    "api:meeting": PUBLIC,  # a meeting whose public agenda is out (the unsent one: tests/api/test_release.py)
    "api:items": PUBLIC,  # the public's search index rows (tests/api/test_items_search.py)
    "api:appointments": PUBLIC,
    "api:roster": PUBLIC,  # a council's members, where it publishes them (tests/api/test_roster.py)
    "api:composition": PUBLIC,  # the confirmed composition, where the council publishes it
    "api-unknown": PUBLIC,
}
# The admin's own pages answer anyone (its login page); every other admin URL is for KL admins only.
ADMIN_PUBLIC = {"admin:login", "admin:logout"}


# Patterns whose object needs a state the world does not have; their 404 is the view's own answer.
NEEDS_STATE = {
    "elections:official-update": "a confirmed composition",
    "api:composition": "a confirmed composition (tests/api/test_roster.py)",
    "elections:constituent-handover": "a constituent meeting handed over to the new council",
    "api-unknown": "an address the API does not have: a JSON 404 for everyone",
}


def expected(name: str) -> frozenset:
    if name == "admin" or name.startswith("admin:"):
        return PUBLIC if name in ADMIN_PUBLIC else ADMIN
    return EXPECT[name]


def pk_for(name, world):
    """The object of council A a URL's ``pk`` means."""
    a, o = world.a, world.objects
    meeting_pk = o["upcoming"].pk
    table = {
        "portal:person-detail": lambda: first("members.Person", user=world.users["member_a"]),
        "meetings:publication-pdf": lambda: first(
            "meetings.Publication", meeting__council=a, audience="members", state="ready"
        ),
        "meetings:public-meeting": lambda: o["sent"].pk,  # the held meeting: agenda and minutes out
        "meetings:public-meeting-agenda": lambda: o["sent"].pk,
        "meetings:attachment-file": lambda: o["sent_bilag"].pk,
        "meetings:attachment-delete": lambda: first("meetings.Attachment", item=o["closed_item"]),
        "meetings:attachment-replace": lambda: first("meetings.Attachment", item=o["closed_item"]),
        "meetings:vote-correct": lambda: first("meetings.Vote", item__meeting__council=a),
        "meetings:vote-remove": lambda: first("meetings.Vote", item__meeting__council=a),
        "members:person-update": lambda: first("members.Person", user=world.users["member_a"]),
        "members:picker-substitute": lambda: first("members.Membership", council=a),
        "meetings:proposal-create": lambda: meeting_pk,
        "meetings:publication-retry": lambda: first("meetings.Publication", meeting__council=a),
        "meetings:publication-deliveries": lambda: first("meetings.Publication", meeting__council=a),
        "members:substitute-depart": lambda: first("members.SubstituteAssignment", membership__council=a),
        "members:leave-decide": lambda: first("members.Leave", membership__council=a),
        "members:leave-end": lambda: first("members.Leave", membership__council=a),
        "members:chairrole-absence": lambda: first("members.ChairRole", council=a),
        "members:observer-end": lambda: first("members.Observer", council=a),
        "members:office-end": lambda: first("members.MunicipalOffice", municipality__council=a),
        "members:action-resolve": lambda: first("members.Action", council=a),
        "elections:composition-pdf-job": lambda: first("members.DocumentJob", council=a, kind="composition"),
        "elections:composition-pdf-file": lambda: first("members.DocumentJob", council=a, kind="composition"),
        "appointments:register-pdf-job": lambda: first("members.DocumentJob", council=a, kind="register"),
        "appointments:register-pdf-file": lambda: first("members.DocumentJob", council=a, kind="register"),
        "appointments:body-detail": lambda: first("appointments.Body", councils=a),
        "appointments:body-abolish": lambda: first("appointments.Body", councils=a),
        "appointments:body-update": lambda: first("appointments.Body", councils=a),
        "appointments:seat-create": lambda: first("appointments.Body", councils=a),
        "appointments:appointment-create": lambda: first("appointments.Seat", council=a),
        "appointments:appointment-end": lambda: first("appointments.Appointment", seat__council=a),
        "appointments:appointment-void": lambda: first("appointments.Appointment", seat__council=a),
        "appointments:stand-in-create": lambda: first("appointments.Appointment", seat__council=a),
        "appointments:picker-appointee": lambda: first("appointments.Seat", council=a),
        "appointments:nomination-create": lambda: first("appointments.Seat", council=a),
        "appointments:nomination-decide": lambda: first("appointments.Nomination", seat__council=a),
    }
    if name in table:
        return table[name]()
    if name.startswith("members:membership") or name in ("members:leave-create", "members:substitute-create"):
        return first("members.Membership", council=a)
    if "/punkter/" in ROUTES[name]:
        return first("meetings.AgendaItem", meeting_id=meeting_pk, is_closed=False)
    if "/forslag/" in ROUTES[name]:
        return first("meetings.ItemProposal", meeting__council=a)
    if "faste-punkter/<int:pk>" in ROUTES[name]:
        return first("meetings.StandingItem", council=a)
    if "/valg/<int:pk>" in ROUTES[name]:
        return first("appointments.Election", meeting__council=a)
    return meeting_pk


ROUTES: dict[str, str] = {}


def admin_kwargs(route, name):
    """The admin's parameters: an existing object of the URL's model, the app of an app index."""
    kwargs = {}
    for param in re.findall(r"\(\?P<(\w+)>|<(?:\w+:)?(\w+)>", route):
        param = param[0] or param[1]
        if param in ("object_id", "id", "object_pk", "pk"):
            action = name.removeprefix("admin:")
            model = max(
                (m for m in apps.get_models() if action.startswith(f"{m._meta.app_label}_{m._meta.model_name}_")),
                key=lambda m: len(m._meta.model_name),
            )
            kwargs[param] = str(first(model._meta.label))
        elif param == "user_id":
            kwargs[param] = str(first("auth.User"))
        elif param == "group_id":
            kwargs[param] = "999999"
        elif param == "app_label":
            kwargs[param] = re.search(r"\(\?P<app_label>([a-z_]+)", route).group(1)
    return kwargs


def url_for(route, name, world):
    if name == "admin":  # an unnamed admin pattern (the old object URL's redirect, the catch-all)
        return "/" + re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)", "1", route).replace("^", "").replace("$", "")
    if name == "admin:view_on_site":
        ct = ContentType.objects.get_for_model(world.objects["upcoming"])
        return reverse(name, args=[ct.pk, world.objects["upcoming"].pk])
    if name.startswith("admin:"):
        kwargs = admin_kwargs(route, name)
        if "([^/]+)" not in route:
            return reverse(name, kwargs=kwargs)
        # simple_history's positional groups: the object, then a history id
        object_pk = admin_kwargs(route.replace("([^/]+)", "(?P<object_id>[^/]+)", 1), name)["object_id"]
        path = route.replace("([^/]+)", object_pk, 1).replace("([^/]+)", "1")
        return "/" + path.replace("^", "").replace("$", "")
    kwargs = {}
    for param in re.findall(r"<(?:\w+:)?(\w+)>", route):
        kwargs[param] = {
            "slug": world.a.slug,
            "period": world.period.name,
            "token": world.objects["feed"].token,
            "uidb64": "MQ",
            "meeting": world.objects["upcoming"].pk,
            "kind": "agenda",
            "audience": "members",
            "step": "alliances",
        }.get(param)
        if param == "pk":
            kwargs[param] = pk_for(name, world)
        if param == "meeting_id":  # the API's meeting: one the public may see
            kwargs[param] = world.a.meetings.with_published_agenda().first().pk
        if param == "token" and name == "password_reset_confirm":
            kwargs[param] = "set-password"
    return reverse(name, kwargs=kwargs)


def text_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        return pdf_text(content)
    return content.decode("utf-8", errors="replace")


@functools.cache
def pdf_text(content: bytes) -> str:
    """A PDF's text; read once for the roles that are sent the same file."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(BytesIO(content)).pages)


def roles_for(name):
    """Every role; for the admin's own pages, which only a superuser passes, one signed-in non-superuser stands
    for the other three (the admin checks ``is_staff``, nothing council-specific) to keep the test fast."""
    if name.split(":")[0] == "admin" and name not in ADMIN_PUBLIC:
        return ("anonymous", "staff_a", "admin")
    return ROLES


def fingerprint():
    """Row counts of every table in one query (a refused change would add at least a history row)."""
    from django.db import connection

    tables = [m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy]
    sql = "SELECT " + ", ".join(f'(SELECT COUNT(*) FROM "{table}")' for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def refused(response, role) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    location = response.headers.get("Location", "")
    return response.status_code == 302 and ("/konto/login/" in location or "/admin/login/" in location)


def test_every_url_answers_each_role_as_the_table_says_and_leaks_nothing(security_world):
    world = security_world
    patterns = list(walk())
    ROUTES.update({name: route for route, name in patterns})
    missing = sorted(name for _, name in patterns if name.split(":")[0] != "admin" and name not in EXPECT)
    assert missing == [], f"URL-mønstre uden forventning i tabellen: {missing}"
    assert not set(EXPECT) - set(ROUTES), "tabellen nævner mønstre, der ikke findes"

    clients = {}
    for role in ROLES:
        clients[role] = Client(raise_request_exception=False)
        if world.users[role] is not None:
            clients[role].force_login(world.users[role])
    urls = [(name, url_for(route, name, world)) for route, name in patterns]
    problems = []

    def check(role, method, name, url, response):
        allowed = role in expected(name)
        # The admin may refuse a KL admin too (read-only models); a missing object (MISSING) is a 404 for all.
        lenient = name.split(":")[0] == "admin" or str(MISSING) in url or name in NEEDS_STATE
        if response.status_code >= 500:
            problems.append(f"{method} {url} som {role}: {response.status_code}")
        elif allowed and not lenient and method == "GET" and refused(response, role) and response.status_code != 405:
            problems.append(f"{method} {url} som {role}: afvist ({response.status_code}), skulle være tilladt")
        elif not allowed and not refused(response, role):
            problems.append(f"{method} {url} som {role}: {response.status_code}, skulle være afvist")

    # 1. GET: the status per role, and no marker text outside council A.
    for name, url in urls:
        for role in roles_for(name):
            response = clients[role].get(url)
            check(role, "GET", name, url, response)
            if response.status_code == 200:
                text = text_of(response)
                hidden = (
                    {}
                    if name == "meetings:personal-calendar"
                    else {  # the token is member A's key
                        "anonymous": CLOSED_MARKERS + UNPUBLISHED_MARKERS + B_MARKERS + LATER_MARKERS,
                        "member_b": CLOSED_MARKERS + UNPUBLISHED_MARKERS + LATER_MARKERS,
                        "staff_b": CLOSED_MARKERS + UNPUBLISHED_MARKERS + LATER_MARKERS,
                        "member_a": B_MARKERS + LATER_MARKERS,
                        "staff_a": B_MARKERS,
                        "admin": (),
                    }
                )
                hidden = hidden.get(role, ())
                leaked = [marker for marker in hidden if marker in text]
                if leaked:
                    problems.append(f"GET {url} som {role} viser {leaked}")

    # 2. POST by a role that may not: refused and no row changed.
    before = fingerprint()
    for name, url in urls:
        for role in roles_for(name):
            if role not in expected(name):
                check(role, "POST", name, url, clients[role].post(url, {}))
        after = fingerprint()
        if after != before:
            problems.append(f"POST {url} ændrede data for en rolle, der ikke må")
            before = after

    # 3. POST (empty) by those who may: a page, a redirect or a refusal, never a server error.
    for name, url in urls:
        if name.split(":")[0] == "admin":
            continue  # Django's own admin forms; phase 1 and 2 cover who reaches them
        for role in sorted(expected(name) - {"anonymous"}):
            if name not in ("logout", "admin:logout"):
                check(role, "POST", name, url, clients[role].post(url, {}))

    # 4. A bilag added after sending is in no version sent: only the secretariat of A and KL admins read it.
    late = reverse("meetings:attachment-file", args=[world.objects["late_bilag"].pk])
    for role in ROLES:
        status = clients[role].get(late).status_code
        if status != (200 if role in STAFF else 404):
            problems.append(f"GET {late} (bilag tilføjet efter udsendelsen) som {role}: {status}")

    assert problems == [], "\n".join(problems)
