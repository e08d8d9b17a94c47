"""The API's response shapes: field names in English (as the code and SPEC §7 name things), descriptions in
Danish (they become the OpenAPI document, docs/api.md)."""

import datetime as dt
from datetime import date, datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(description="Hvad der gik galt, på dansk.")


class ValidationProblem(Schema):
    field: str = Field(description="Parameteren, fx `fra` eller `side`.")
    message: str = Field(description="Hvad der er galt med den.")


class ValidationErrorBody(Schema):
    detail: str = Field(description="Kort besked på dansk.")
    errors: list[ValidationProblem] = Field(description="Hver parameter der ikke kunne bruges.")


class Municipality(Schema):
    code: str = Field(description="Kommunekoden (fire cifre).")
    name: str = Field(description="Kommunens navn.")


class Council(Schema):
    slug: str = Field(description="Rådets faste id, fx `nordjylland`.")
    name: str = Field(description="Rådets navn.")
    region: str = Field(description="Regionen.")
    url: str = Field(description="Rådets offentlige side.")
    municipalities: list[Municipality] = Field(description="Kommunerne i rådet, efter navn.")


class Period(Schema):
    name: str = Field(description="Valgperiodens faste id, fx `2026-2030`.")
    starts_on: date = Field(description="Første dag.")
    ends_on: date = Field(description="Sidste dag.")
    election_on: date = Field(description="Kommunalvalgets dag.")


class Document(Schema):
    id: int = Field(description="Dokumentversionens faste id.")
    kind: str = Field(description="`agenda` (dagsorden), `supplement` (tillæg) eller `minutes` (referat).")
    kind_label: str = Field(description="Arten på dansk.")
    version: int = Field(description="Versionsnummeret; en ny udsendelse giver en ny version.")
    rendered_at: datetime | None = Field(description="Hvornår PDF'en blev dannet.")
    pdf_url: str = Field(description="Den offentlige PDF (lukkede punkter er fjernet).")


class Meeting(Schema):
    id: int = Field(description="Mødets faste id.")
    council: str = Field(description="Rådets id (`slug`).")
    period: str = Field(description="Valgperiodens id (`name`).")
    kind: str = Field(description="`ordinary`, `extraordinary` eller `constituent`.")
    kind_label: str = Field(description="Mødetypen på dansk.")
    status: str = Field(description="`planned`, `held` eller `cancelled`.")
    status_label: str = Field(description="Status på dansk.")
    starts_at: datetime = Field(description="Mødets start.")
    ends_at: datetime = Field(description="Mødets slut (to timer efter start, når intet andet er sat).")
    location: str = Field(description="Mødestedet, som den offentlige side viser det.")
    url: str = Field(description="Mødets offentlige side.")
    documents: list[Document] = Field(description="De offentlige PDF'er, nyeste version først pr. art.")


class Attachment(Schema):
    number: str = Field(description="Bilagets nummer, fx `3.1`.")
    title: str = Field(description="Bilagets titel.")
    url: str = Field(description="Bilaget som PDF.")


class Item(Schema):
    number: int = Field(description="Punktets nummer på dagsordenen.")
    title: str = Field(description="Titlen; et lukket punkt har sin offentlige titel eller »Lukket punkt«.")
    kind: str = Field(description="Punktets art på dansk (fx »Beslutning«).")
    is_closed: bool = Field(description="Lukket punkt: kun nummer og titel offentliggøres (FO 3.0).")
    is_supplementary: bool = Field(description="Kom med på et tillæg til dagsordenen.")
    status_label: str = Field(description="»Udsat« eller »Udgået«; tom for et aktivt punkt.")
    case_presentation: str = Field(description="Sagsfremstillingen (HTML som i dokumentet); tom for lukkede.")
    recommendation: str = Field(description="Indstillingen (HTML som i dokumentet); tom for lukkede.")
    decision: str = Field(description="Beslutningen fra det offentliggjorte referat; tom før referatet.")
    votes: list[str] = Field(description="Afstemningerne fra referatet, som sætninger.")
    attachments: list[Attachment] = Field(description="Bilagene til et åbent punkt.")


class MeetingDetail(Meeting):
    agenda_version: int | None = Field(description="Versionen af dagsordenen punkterne kommer fra.")
    minutes_version: int | None = Field(description="Versionen af referatet beslutningerne kommer fra.")
    items: list[Item] = Field(description="Punkterne, som de seneste offentlige dokumenter viser dem.")


class Appointment(Schema):
    id: int = Field(description="Udpegningens faste id.")
    council: str = Field(description="Rådet der har udpeget.")
    body: str = Field(description="Det regionale organ.")
    seat: str = Field(description="Pladsen i organet.")
    role: str = Field(description="`member`, `substitute` eller `chair`.")
    role_label: str = Field(description="Rollen på dansk.")
    name: str = Field(description="Personens navn.")
    party: str = Field(description="Partiet; tomt når intet er registreret.")
    municipality: str = Field(description="Kommunen; tom når ingen er registreret.")
    starts_on: date = Field(description="Fra.")
    ends_on: date | None = Field(description="Til; tom når udpegningen løber.")


class FoundItem(Schema):
    meeting: int = Field(description="Mødets faste id (se /api/v1/moeder/{id}/).")
    council: str = Field(description="Rådets id (`slug`).")
    starts_at: datetime = Field(description="Mødets tidspunkt.")
    document: str = Field(description="Dokumentet punktet kommer fra: `agenda`, `supplement` eller `minutes`.")
    number: int = Field(description="Punktets nummer på dagsordenen.")
    title: str = Field(description="Titlen; et lukket punkt har sin offentlige titel eller »Lukket punkt«.")
    is_closed: bool = Field(description="Lukket punkt: kun nummer og titel offentliggøres (FO 3.0).")
    text: str = Field(description="Sagsfremstilling, indstilling og beslutning som ren tekst; tom for lukkede.")
    url: str = Field(description="Den offentlige mødeside.")


class Page(Schema):
    count: int = Field(description="Antal i alt med de valgte filtre.")
    page: int = Field(description="Denne side (fra 1).")
    pages: int = Field(description="Antal sider.")
    per_page: int = Field(description="Antal pr. side.")
    next: str | None = Field(description="Adressen på næste side; tom på sidste side.")
    previous: str | None = Field(description="Adressen på forrige side; tom på første side.")


class FoundItemPage(Page):
    results: list[FoundItem] = Field(description="Punkterne på siden, nyeste møde først.")


class MeetingPage(Page):
    results: list[Meeting] = Field(description="Møderne på siden, nyeste først.")


class AppointmentPage(Page):
    results: list[Appointment] = Field(description="Udpegningerne på siden, efter organ og plads.")


class RosterLine(Schema):
    name: str = Field(description="Navn.")
    party: str = Field(description="Partiets bogstav (eller navn).")
    municipality: str = Field(description="Kommunen.")
    role: str = Field(description="`chair`, `vice_chair`, `member` eller `substitute`.")
    role_label: str = Field(description="Rollen på dansk.")
    substitute_for: str = Field(description="For en stedfortræder: medlemmet, vedkommende er stedfortræder for.")


class Roster(Schema):
    council: str = Field(description="Rådets id.")
    date: dt.date = Field(description="Datoen listen gælder.")
    members: list[RosterLine] = Field(
        description="Formand og næstformand først, så efter navn; hver stedfortræder efter sit medlem."
    )


class CompositionParty(Schema):
    letter: str = Field(description="Partibogstav; tom for en lokalliste uden bogstav.")
    name: str = Field(description="Partiets navn.")
    votes: int = Field(description="Stemmer i regionen ved kommunalvalget.")
    mayors: int = Field(description="Borgmestre (har plads i rådet, B1 1.1 a).")
    seats: int = Field(description="Pladser i alt (KL's officielle tal, hvor de er indtastet).")
    computed_seats: int = Field(description="Pladser efter beregningen.")
    rule: str = Field(description="`mayors`, `one_seat`, `proportional` eller `not_entitled`.")
    rule_label: str = Field(description="Reglen bag tallet, på dansk med regel-id.")


class Composition(Schema):
    council: str = Field(description="Rådets id.")
    period: str = Field(description="Valgperioden.")
    total: int = Field(description="Medlemmer i alt.")
    confirmed_at: datetime = Field(description="Hvornår sammensætningen blev bekræftet.")
    parties: list[CompositionParty] = Field(description="Partierne, flest pladser først.")
