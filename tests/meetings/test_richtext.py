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


WORD_PASTE = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><style>p.MsoNormal{mso-style-parent:"";}</style></head>
<body lang=DA class=WordSection1>
<h1 class=MsoTitle style='mso-outline-level:1'><span lang=DA>Budget 2027<o:p></o:p></span></h1>
<p class=MsoNormal style='margin:0cm;mso-line-height-rule:exactly'><b><span
style='font-family:"Calibri"'>Fed tekst</span></b>
og <a href="https://www.kl.dk/budget" target="_blank" style='color:#0563C1;mso-themecolor:hyperlink'>KL's side</a>
og <a href="javascript:alert(1)">farlig</a><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>
Første punkt</p>
<ul style='margin-top:0cm' type=disc><li class=MsoNormal style='mso-list:l1 level1 lfo2'>Andet punkt</li></ul>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;mso-yfti-tbllook:1184'>
<tr style='mso-yfti-irow:0'><td width=302 valign=top style='width:8cm'><p class=MsoNormal>Kommune<o:p></o:p></p></td>
<td colspan=2 class=xl65>Beløb</td></tr></table>
<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->
</body></html>"""


def test_word_paste_keeps_heading_bold_link_list_and_table_and_drops_the_junk():
    cleaned = richtext.clean(WORD_PASTE)
    assert "<h4>Budget 2027</h4>" in cleaned
    assert "<b>Fed tekst</b>" in cleaned
    assert '<a href="https://www.kl.dk/budget" rel="noopener noreferrer">KL\'s side</a>' in cleaned
    assert "<ul><li>Andet punkt</li></ul>" in cleaned
    assert '<table>\n<tbody><tr><td><p>Kommune</p></td>\n<td colspan="2">Beløb</td></tr></tbody></table>' in cleaned
    assert "Første punkt" in cleaned and "·" not in cleaned
    for junk in ("mso", "class=", "style", "<span", "o:p", "javascript", "WordDocument", "<html", "target", "width"):
        assert junk not in cleaned, junk
    assert richtext.render(WORD_PASTE) == cleaned


def test_plain_text_of_rich_text_has_no_tags_and_keeps_word_breaks_for_snippets():
    assert richtext.plain_text("<h4>Budget</h4><p>Fed &amp; <b>vigtig</b></p><ul><li>Et</li><li>To</li></ul>") == (
        "Budget Fed & vigtig Et To"
    )
    assert richtext.plain_text("Linje et\nlinje to & mere") == "Linje et linje to & mere"
    assert richtext.plain_text('<script>alert("x")</script>Tekst') == "Tekst"
    assert richtext.plain_text("") == ""
