"""kkr.pdf: the one WeasyPrint render the apps' documents use."""

from tests.pdfstructure import has_artifacts, identification, is_tagged, unembedded_fonts, untagged_text_pages, xmp

PAGE = (
    '<html lang="da"><head><title>Prøve</title><style>@page { @bottom-right { content: "Side " counter(page) } }'
    "</style></head><body><h1>Prøve</h1><p>Tekst</p></body></html>"
)


def test_the_page_number_in_the_margin_is_an_artifact_where_plain_weasyprint_leaves_it_in_no_structure():
    import weasyprint

    from kkr.pdf import render_pdf

    plain = weasyprint.HTML(string=PAGE).write_pdf(pdf_tags=True)
    assert untagged_text_pages(plain) == [0] and not has_artifacts(plain)
    ours = render_pdf(PAGE)
    assert untagged_text_pages(ours) == [] and has_artifacts(ours)


def test_a_document_is_tagged_and_claims_pdf_a_2a_and_pdf_ua_1_unless_the_caller_adds_pages():
    from kkr.pdf import render_pdf

    archival = render_pdf(PAGE)
    assert is_tagged(archival) and unembedded_fonts(archival) == []
    assert identification(archival) == {"pdfaid:part": "2", "pdfaid:conformance": "A", "pdfuaid:part": "1"}
    bundle = render_pdf(PAGE, archival=False)
    assert is_tagged(bundle) and identification(bundle) == {} and "Prøve" in xmp(bundle)


def test_rendering_again_and_again_does_not_grow_the_c_heap():
    """What tracemalloc does not see (fontconfig, Pango, HarfBuzz): the C allocator's bytes in use grow by well
    under 50 KB a render once the fonts are loaded. A new WeasyPrint font configuration per render (its default)
    grew them by about 220 KB a render, and a worker with them."""
    import gc

    import pytest

    from benchmarks.heap import heap_mb, libc, slope
    from kkr.pdf import render_pdf

    lib = libc()
    if lib is None:
        pytest.skip("glibc only (mallinfo2)")
    for _ in range(5):  # fonts, imports
        render_pdf(PAGE)
    in_use = []
    # What is alive before the renders stays alive: frozen, it is left out of each collection below, which then
    # looks at the renders' own objects alone instead of the whole test process.
    gc.collect()
    gc.freeze()
    try:
        for _ in range(25):
            render_pdf(PAGE)
            gc.collect()
            in_use.append(heap_mb(lib)[0])
    finally:
        gc.unfreeze()
    assert slope(in_use) < 0.05, f"{slope(in_use) * 1024:.0f} KB a render"
