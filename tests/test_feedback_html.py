"""Feedback pages open offline: every lesson formula becomes MathML, code is left alone."""

from __future__ import annotations

import html
import re

import nbformat
import pytest
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from graders.feedback_html import OfflineHTMLExporter, offline_page, tex_to_mathml
from graders.registry import ASSIGNMENTS, REPO_ROOT

NOTEBOOKS = sorted(REPO_ROOT.glob("C*/*/*.ipynb"))
_MATHML = re.compile(r"<math\b.*?</math>", re.S)


def test_every_assignment_notebook_is_checked():
    assert len(NOTEBOOKS) == len(ASSIGNMENTS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.parent.name)
def test_every_formula_of_the_lesson_becomes_mathml_with_no_tex_left(path):
    nb = nbformat.read(path, as_version=4)
    converted = 0
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        page = offline_page(markdown2html_mistune(cell.source))
        converted += len(_MATHML.findall(page))
        # The prose a reader sees, without formulas, code, or tags and their attributes.
        rest = re.sub(r"<(code|pre)\b.*?</\1>|<[^>]*>", "", _MATHML.sub("", page), flags=re.S)
        assert "$" not in rest, rest[:300]
        # A formula the converter could not read would stay TeX (backslash commands).
        assert re.search(r"\\[a-zA-Z]+", rest) is None, rest[:300]
        for mathml in _MATHML.findall(page):
            assert "\\" not in mathml, mathml[:300]
    assert converted > 0


def test_display_and_inline_math_are_told_apart():
    page = offline_page("<p>cost $J$ is</p><p>$$J = \\frac{1}{m} \\sum_i L_i$$</p>")
    assert page.count('display="inline"') == 1 and page.count('display="block"') == 1
    assert "<mfrac>" in page


def test_a_formula_the_converter_cannot_read_stays_as_written():
    assert tex_to_mathml("\\frac{1}{", display=False) is None
    assert offline_page("<p>half $\\frac{1}{$ done</p>") == "<p>half $\\frac{1}{$ done</p>"


def test_code_outputs_and_scripts_keep_their_dollars():
    page = '<pre>print("$5 and $6")</pre><code>$x$</code><script>var a = "$b$";</script>'
    assert offline_page(page) == page


def test_the_exported_page_has_mathml_and_no_scripts_from_a_cdn():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("The cost $J(w) = \\frac{1}{m}\\sum_i L_i$ falls."),
        nbformat.v4.new_code_cell('price = "$5 or $6"'),
    ]
    plain, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    assert "cdnjs.cloudflare.com" in plain  # what the exporter replaces does the harm
    page, _ = OfflineHTMLExporter(template_name="lab").from_notebook_node(nb)
    assert page.count("<math") == 1
    assert re.search(r"<script[^>]*src=\"https?://", page) is None
    assert "cdnjs.cloudflare.com" not in page
    assert "$5 or $6" in html.unescape(re.sub(r"<[^>]+>", "", page))


def test_math_in_a_heading_leaves_its_anchor_attributes_alone():
    page = offline_page('<h3 id="Why-the-$%5Ctanh$">Why the $\\tanh$<a href="#Why-the-$%5Ctanh$">')
    assert page.count('"Why-the-$%5Ctanh$"') == 1 and page.count('"#Why-the-$%5Ctanh$"') == 1
    assert page.count("<math") == 1


def test_a_learners_formula_cannot_put_html_links_or_styles_into_the_page():
    page = offline_page(
        "<p>$\\text{&lt;img src=x onerror=alert(1)&gt;}$ $\\href{javascript:alert(1)}{x}$"
        " $\\style{color:red}{y}$ $&lt;script&gt;$</p>"
    )
    assert "<img" not in page and "<script" not in page
    assert "href=" not in page and "style=" not in page
    assert page.count("<math") == 3  # the image formula is not valid MathML: kept as text
