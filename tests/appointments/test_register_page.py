"""The register page's rows put together in Python (``appointments.registerrows``) are what its template printed:
every kind of line (held, with a § 28 stk. 2 stand-in, with a personal substitute or missing one, vacant with each
follow-up, a holder with no party or municipality, a substitute who left the municipal council), names that need
escaping, on several days."""

import re
from datetime import date

import pytest
from django.template import engines
from django.urls import reverse

from appointments import queries, services
from appointments.models import Appointment, Seat
from appointments.registerrows import register_rows
from members.models import MunicipalOffice, Person
from tests.builders import politician

from .conftest import political_seats

pytestmark = pytest.mark.django_db

# the loop the template ran before the rows were put together in Python
TEMPLATE_ROWS = """{% for line in lines %}
    <tr{% if line.is_vacant %} class="vacant"{% endif %}>
      <td>{{ line.seat.body.name }}</td>
      <td>{{ line.seat.label }}<br><span class="rule">{{ line.seat.kind_label }}</span></td>
      {% if line.holder %}
      <td>{{ line.holder.person.name }} <span class="rule">({{ line.holder.get_role_display }}; {{ line.holder.get_method_display }})</span>{% if line.stand_in %}<br><span class="stand-in">Midlertidigt indtrådt: {{ line.stand_in.person.name }} {{ line.stand_in.starts_on|dato_kort }}–{{ line.stand_in.ends_on|dato_kort }} (§ 28 stk. 2)</span>{% endif %}</td>
      <td>{{ line.holder.person.party|parti }}</td>
      <td>{{ line.holder.person.municipality.name|default:"" }}</td>
      <td>{{ line.holder.starts_on|dato_kort }}–{{ line.holder.ends_on|dato_kort }}</td>
      {% else %}<td class="empty">Ledig</td><td></td><td></td><td></td>{% endif %}
      <td>{{ line.substitute.person.name|default:"" }}</td>
      <td>{% if line.follow_up %}<span class="follow-up">{{ line.follow_up }}</span>{% endif %}{% if line.substitute_follow_up %}<span class="follow-up">{{ line.substitute_follow_up }}</span>{% endif %}</td>
    </tr>
{% endfor %}"""  # noqa: E501


def _collapsed(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


def test_the_register_rows_are_what_the_template_printed(nordjylland, period, erhvervshus, rar, staff_user):
    first, second, third = political_seats(erhvervshus, nordjylland)[:3]
    anna = services.appoint_representative(
        first, person=politician("Anna <Aalborg> & 'Co'", letter="A"), starts_on=date(2026, 3, 10),
        method=Appointment.Method.PROPORTIONAL, group='A+F "rød"', actor=staff_user,
    )  # fmt: skip
    services.appoint_stand_in(
        anna, person=politician("Fie Folkesocialist", letter="F"), starts_on=date(2026, 10, 1),
        ends_on=date(2026, 12, 31), actor=staff_user,
    )  # fmt: skip
    r1, r2 = political_seats(rar, nordjylland)[:2]
    for seat, name in ((r1, "Cai Thisted"), (r2, "Dan <Dronninglund>")):  # the second with no substitute
        services.appoint_representative(
            seat, person=politician(name, "Thisted"), starts_on=date(2026, 6, 1), method=Appointment.Method.MAJORITY,
            actor=staff_user,
        )  # fmt: skip
    services.appoint_representative(
        r1, person=politician("Sø & Substitut", "Hjørring", letter=""), role=Appointment.Role.SUBSTITUTE,
        starts_on=date(2026, 6, 1), method=Appointment.Method.MAJORITY, actor=staff_user,
    )  # fmt: skip
    bo = services.appoint_representative(
        second, person=politician("Bo Brønderslev", "Brønderslev"), starts_on=date(2026, 3, 10),
        method=Appointment.Method.MAJORITY, actor=staff_user,
    )  # fmt: skip
    services.end_appointment(bo, on=date(2026, 8, 31), reason=Appointment.EndReason.RESIGNED, actor=staff_user)
    nobody = Person.objects.create(name="Uden parti og kommune")  # entered around the service: no municipality
    Appointment.objects.create(
        seat=third, person=nobody, role=Appointment.Role.CHAIR, method=Appointment.Method.MAJORITY,
        starts_on=date(2026, 3, 10),
    )  # fmt: skip
    Seat.objects.filter(pk=r2.pk).update(label="Plads <2> & co")
    # FO 3.8: the substitute leaves the municipal council with the year; from 1 January his place needs a new one
    MunicipalOffice.objects.filter(person__name="Sø & Substitut").update(ends_on=date(2026, 12, 31))
    reference = engines["django"].from_string(TEMPLATE_ROWS)
    seen, printed = set(), {}
    for day in (date(2026, 4, 1), date(2026, 10, 15), date(2027, 1, 1), date(2031, 1, 1)):
        lines = queries.register_lines(nordjylland, period, today=day, related=queries.SHOWN_RELATED)
        rows = printed[day] = register_rows(lines)
        assert _collapsed(rows) == _collapsed(reference.render({"lines": lines})), day
        seen |= {
            (bool(line.holder), bool(line.stand_in), bool(line.substitute), line.substitute_follow_up, line.follow_up)
            for line in lines
        }
    assert {holder for holder, *_ in seen} == {True, False} and any(stand_in for _, stand_in, *_ in seen)
    assert any(line[2] for line in seen) and any(line[3] for line in seen)
    assert len({follow_up for *_, follow_up in seen}) >= 4
    assert "Anna &lt;Aalborg&gt; &amp; &#x27;Co&#x27;" in printed[date(2026, 10, 15)]
    assert "Sø &amp; Substitut" in printed[date(2026, 10, 15)] and "Substitut" not in printed[date(2027, 1, 1)]
    assert queries.FOLLOW_UP_SUBSTITUTE_MAJORITY in printed[date(2027, 1, 1)]


def test_the_register_page_shows_the_rows_and_an_empty_filter_result(client, staff_user, nordjylland, bodies):
    client.force_login(staff_user)
    url = reverse("appointments:register-detail", args=[nordjylland.slug, "2026-2030"])
    page = client.get(url).text
    assert '<td class="empty">Ledig</td>' in page and "Ingen pladser matcher filteret." not in page
    emptied = client.get(url, {"municipality": nordjylland.municipalities.first().pk}).text
    assert "Ingen pladser matcher filteret." in emptied
