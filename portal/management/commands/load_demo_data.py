"""Demo users per role and a full 2026-2030 roster for KKR Nordjylland on top of the reference data, for
``make run``. Idempotent; dev mode only."""

from contextlib import suppress
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from appointments import demo as appointment_demo
from elections import demo as election_demo
from kkr.errors import RuleViolation
from meetings import demo as meeting_demo
from members import demo as member_demo
from members.models import Council, ElectionPeriod, Membership, MunicipalOffice, Party, Person
from members.services.staff import grant_staff

DEMO_PASSWORD = "kkr-demo-2026"


class Command(BaseCommand):
    help = "Opretter demo-brugere (admin, sekretariat pr. KKR, et medlem) – kun i udviklingstilstand."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Kør også uden KKR_DEV=1 (aldrig i produktion).")

    def handle(self, *args, force=False, **options):
        if not (settings.DEV_MODE or force):
            raise CommandError("Demodata indlæses kun i udviklingstilstand (KKR_DEV=1).")
        with transaction.atomic():  # tasks queued on commit (PDFs, e-mails) run before the users are listed
            rows = self.load()
        self.stdout.write(f"\nDemo-brugere (adgangskode for alle: {DEMO_PASSWORD}):")
        for username, role, council in rows:
            self.stdout.write(f"  {username:28} {role:18} {council}")

    def load(self):
        """The users always (made when missing, never changed); the demo's council data only into a database
        without people, so a second ``make run`` after users changed the demo starts the server and keeps
        their changes. To start over: delete ``db.sqlite3`` (README)."""
        rows = [("admin", "KL-administrator", "alle")]
        self.user("admin", "KL Administrator", is_superuser=True)
        for council in Council.objects.all():
            username = f"sekretariat-{council.slug}"
            user = self.user(username, f"Sekretariat {council.name}")
            with suppress(RuleViolation):  # recorded in the staff-rights history; a second run finds it in place
                grant_staff(user, council, actor=None)
            rows.append((username, "sekretariat", council.name))
        has_data = Person.objects.exists()
        rows.append(("medlem-nordjylland", "medlem", "KKR Nordjylland"))
        if has_data:
            self.user("medlem-nordjylland", "Demo Medlem")
            self.stdout.write("Databasen har allerede data: demodata indlæses kun i en tom database (intet ændret).")
            return rows
        self.demo_member()
        members = member_demo.load_nordjylland_roster()
        self.stdout.write(f"KKR Nordjylland 2026-2030: {members} medlemmer med stedfortrædere og formandskab.")
        # The constituent meeting (20 January) elects the chair first: the later meetings' minutes name their
        # meeting leader (FO 3.5) from the chair roles in force that day.
        self.stdout.write(election_demo.load_demo())
        self.stdout.write(meeting_demo.load_demo())
        self.stdout.write(appointment_demo.load_demo())
        return rows

    def user(self, username, full_name, *, is_superuser=False):
        """The demo user, made with the demo password when missing; an existing one is left as it is."""
        first, _, last = full_name.partition(" ")
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_superuser": is_superuser,
                "is_staff": is_superuser,
                "email": f"{username}@kkr.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def demo_member(self):
        council = Council.objects.get(slug="nordjylland")
        municipality = council.municipalities.get(name="Aalborg")
        period = ElectionPeriod.objects.get(name="2026-2030")
        party = Party.objects.get(letter="A")
        user = self.user("medlem-nordjylland", "Demo Medlem")
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "name": "Demo Medlem",
                "municipality": municipality,
                "party": party,
                "email": user.email,
                "birth_on": date(1970, 5, 1),
            },
        )
        MunicipalOffice.objects.get_or_create(
            person=person,
            municipality=municipality,
            kind=MunicipalOffice.Kind.COUNCIL_MEMBER,
            defaults={"party": party, "starts_on": period.starts_on},
        )
        Membership.objects.get_or_create(
            person=person,
            council=council,
            period=period,
            ends_on=None,
            defaults={
                "kind": Membership.Kind.PARTY_ELECTED,
                "party": party,
                "municipality": municipality,
                "starts_on": date(2026, 1, 20),
            },
        )
        return person
