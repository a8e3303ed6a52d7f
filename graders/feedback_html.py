"""Feedback pages that work offline: math as MathML, no scripts from a CDN.

nbconvert's HTML leaves math as TeX for MathJax, which it loads from a CDN
(with require.js and mermaid): a learner who opens the feedback file offline
sees raw `$\\frac{1}{m}$`. `OfflineHTMLExporter` (nbgrader's feedback exporter,
set in `nbgrader_config.py`) converts every math span to MathML, which browsers
draw themselves, and drops the CDN scripts, so the page is the same with or
without a network. Code, outputs in `<pre>` and scripts are never touched.
"""

from __future__ import annotations

import html
import re
from typing import Any

from nbconvert.exporters import HTMLExporter

# Regions whose text is not lesson prose: left exactly as they are.
_VERBATIM = re.compile(r"(<(script|style|pre|code|textarea)\b.*?</\2\s*>)", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
# Math never contains a raw "<" in nbconvert's output (it is escaped), so no span
# crosses a tag. Display forms first: "$$" must not be read as two inline "$".
_MATH = re.compile(
    r"\$\$(?P<dollars>[^<]+?)\$\$"
    r"|\\\[(?P<brackets>[^<]+?)\\\]"
    r"|(?P<env>\\begin\{(?P<name>[a-zA-Z]+\*?)\}[^<]+?\\end\{(?P=name)\})"
    r"|(?<![\\$])\$(?P<inline>[^<$]+?)\$"
    r"|\\\((?P<parens>[^<]+?)\\\)",
    re.S,
)
_CDN_SCRIPT = re.compile(
    r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>"
    r"|<script type=\"text/x-mathjax-config\">.*?</script>"
    r"|<script type=\"module\">(?:(?!</script>).)*?https?://(?:(?!</script>).)*</script>",
    re.S,
)
# latex2mathml keeps "\_" inside \text{...} as a backslash and an underscore, does
# not know \arg (the lessons' "arg max"), and misreads aligned (see tex_to_mathml).
_TEXT_UNDERSCORE = re.compile(r"(\\text\{[^{}]*\})")
_ARG = re.compile(r"\\arg(?![a-zA-Z])")
_MATHML_NS = "http://www.w3.org/1998/Math/MathML"
_MATHML_TAGS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup munder mover munderover "
    "mfrac msqrt mroot mstyle mpadded mphantom menclose mfenced mtable mtr mtd "
    "mlabeledtr mmultiscripts mprescripts none semantics annotation merror".split()
)
_MATHML_ATTRIBUTES = frozenset(
    "display stretchy fence separator form lspace rspace width height depth "
    "mathvariant mathsize minsize maxsize movablelimits accent accentunder "
    "linethickness notation columnalign rowalign columnspacing rowspacing columnlines "
    "rowlines frame displaystyle scriptlevel largeop symmetric open close "
    "separators encoding".split()
)


def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for one TeX formula (`display`: a block of its own), or None if it fails."""
    from latex2mathml.converter import convert

    tex = _TEXT_UNDERSCORE.sub(lambda m: m.group(1).replace("\\_", "_"), tex)
    tex = _ARG.sub(r"\\operatorname{arg}", tex)
    # latex2mathml lays out align* as a table but prints the "&" of aligned as text.
    tex = tex.replace("{aligned}", "{align*}")
    try:
        return _safe_mathml(convert(tex, display="block" if display else "inline"))
    except Exception:  # noqa: BLE001 - any formula the converter cannot read stays TeX
        return None


def _safe_mathml(mathml: str) -> str | None:
    """The converter's MathML rebuilt from an allow-list, or None.

    A formula is learner text: `\\text{<img onerror=...>}` comes out of the converter
    as raw HTML and `\\href{javascript:...}` as a link. Only MathML elements and
    layout attributes survive; text is escaped again on the way out.
    """
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(mathml)
    except ET.ParseError:
        return None
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace != "{" + _MATHML_NS or tag not in _MATHML_TAGS:
            return None
        element.tag = tag
        for name in list(element.attrib):
            if name not in _MATHML_ATTRIBUTES:
                del element.attrib[name]
    root.set("xmlns", _MATHML_NS)
    return ET.tostring(root, encoding="unicode")


def _math_span(match: re.Match[str]) -> str:
    groups = match.groupdict()
    inline = groups["inline"] or groups["parens"]
    tex = inline or groups["dollars"] or groups["brackets"] or groups["env"]
    mathml = tex_to_mathml(html.unescape(tex), display=inline is None)
    if mathml is None:
        return match.group(0)
    return mathml


def offline_page(page: str) -> str:
    """The page with its math as MathML and without scripts loaded from the network."""
    page = _CDN_SCRIPT.sub("", page)
    parts = _VERBATIM.split(page)
    # split() with two groups yields: text, whole verbatim region, its tag name, text, ...
    out = []
    for index, part in enumerate(parts):
        kind = index % 3
        if kind == 0:  # prose: math in text between tags only (heading ids hold "$" too)
            pieces = _TAG.split(part)
            pieces[::2] = [_MATH.sub(_math_span, text) for text in pieces[::2]]
            out.append("".join(pieces))
        elif kind == 1:
            out.append(part)
    return "".join(out)


class OfflineHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter whose pages need no network (see the module docstring)."""

    def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> tuple[str, Any]:
        output, resources = super().from_notebook_node(nb, resources, **kw)
        return offline_page(output), resources
