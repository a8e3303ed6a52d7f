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
# latex2mathml keeps "\_" inside \text{...} as a backslash and an underscore, and
# does not know \arg (the lessons' "arg max").
_TEXT_UNDERSCORE = re.compile(r"(\\text\{[^{}]*\})")
_ARG = re.compile(r"\\arg(?![a-zA-Z])")


def tex_to_mathml(tex: str, display: bool) -> str | None:
    """MathML for one TeX formula (`display`: a block of its own), or None if it fails."""
    from latex2mathml.converter import convert

    tex = _TEXT_UNDERSCORE.sub(lambda m: m.group(1).replace("\\_", "_"), tex)
    tex = _ARG.sub(r"\\operatorname{arg}", tex)
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception:  # noqa: BLE001 - any formula the converter cannot read stays TeX
        return None


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
