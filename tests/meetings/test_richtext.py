"""Rich text as the pages and PDFs show it (meetings/richtext.py)."""

from django.utils.html import escape, linebreaks

from meetings import richtext

PLAIN = [
    "",
    "Et afsnit",
    "Linje et\nlinje to",
    "Afsnit et\n\nAfsnit to\n\n\n\nAfsnit tre\n",
    "Windows\r\nlinjer\r\n\r\nog gamle Mac\rlinjer",
    "Tegn der skal væk: & \" ' > og æøå",
    "\n\nforan og bagefter\n\n",
]


def test_plain_text_becomes_the_paragraphs_djangos_linebreaks_makes_of_it_escaped():
    for text in PLAIN[1:]:
        assert richtext.render(text) == linebreaks(escape(text)), text
    assert richtext.render("") == ""


def test_markup_is_sanitised_not_escaped():
    assert richtext.render('<p onclick="x()">Afsnit</p><script>alert(1)</script>') == "<p>Afsnit</p>"
