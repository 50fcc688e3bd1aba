"""The committee paper as PDF: the same HTML, laid out on A4 by WeasyPrint.

WeasyPrint draws with Pango (installed with Graphviz on most systems). The HTML is
self-contained, so no URL is ever fetched: a fetcher that refuses everything makes sure of it.
"""

from __future__ import annotations

from ..errors import OrgsimError

INSTALL_HINT = ("WeasyPrint could not be loaded ({reason}). Install it with "
                "`pip install weasyprint` (it needs the Pango library, which comes with Graphviz: "
                "`sudo apt-get install graphviz` or `brew install graphviz`), or ask for "
                "`--formats html`.")


class PdfUnavailable(OrgsimError):
    """WeasyPrint or its Pango library is missing."""


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"the paper is self-contained; refusing to fetch {url}")


def _fetcher(weasyprint):
    """WeasyPrint 66 and later take a URLFetcher object; earlier versions a plain function."""
    base = getattr(weasyprint, "URLFetcher", None) or getattr(
        getattr(weasyprint, "urls", None), "URLFetcher", None)
    if base is None:
        return _no_fetch

    class NoFetch(base):
        def fetch(self, url, headers=None):
            _no_fetch(url)

    return NoFetch()


def html_to_pdf(html: str) -> bytes:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango library is missing
        raise PdfUnavailable(INSTALL_HINT.format(reason=exc)) from None
    return weasyprint.HTML(string=html, url_fetcher=_fetcher(weasyprint)).write_pdf()
