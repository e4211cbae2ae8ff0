"""The document template: running header and footer, outline, contents entries, page count.

Page numbers in the contents and "page X of Y" come from the previous layout
pass. The contents is seeded with every section title before the first pass,
so it already has its final height and the second pass is normally the last.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import BaseDocTemplate, IndexingFlowable, PageTemplate
from reportlab.platypus.frames import Frame

from ropa_desktop.exporters.pdf import styles as S
from ropa_desktop.exporters.pdf.flowables import DRY_RUN
from ropa_desktop.exporters.pdf.text import (
    SANS,
    SANS_BOLD,
    draw_runs,
    plain,
    shorten,
    text_width,
)

PORTRAIT = "portrait"
SHORT_SHA = 16  # hex digits of the SHA-256 in the footer: enough to tell versions apart
LANDSCAPE = "landscape"


@dataclass(frozen=True)
class Running:
    """What every page repeats: which register, which version."""

    title: str
    organisation: str
    version: int
    as_of: dt.date
    sha256: str
    draft: bool = False  # an activity is not approved: every page says DRAFT
    produced_at: dt.datetime | None = None


class _PageCount(IndexingFlowable):
    """The number of pages of the previous pass, for "page X of Y"."""

    def __init__(self) -> None:
        super().__init__()
        self.pages = 0
        self.previous = 0

    def beforeBuild(self) -> None:
        self.previous, self.pages = self.pages, 0

    def isSatisfied(self) -> bool:
        return self.pages == self.previous

    def notify(self, kind: str, stuff: Any) -> None:
        if kind == "PageEnd":
            self.pages = max(self.pages, stuff)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class RegisterTemplate(BaseDocTemplate):
    """A4 pages (portrait, or landscape for wide schedules) with running header and footer."""

    def __init__(self, running: Running, *, title: str, subject: str, creator: str) -> None:
        self.running = running
        self.section = ""  # the title of the section being laid out, for the header
        self.page_count = _PageCount()
        self.buffer = io.BytesIO()
        super().__init__(
            self.buffer,
            pagesize=S.PAGE,
            leftMargin=S.MARGIN_X,
            rightMargin=S.MARGIN_X,
            topMargin=S.MARGIN_TOP,
            bottomMargin=S.MARGIN_BOTTOM,
            title=plain(title),
            author=plain(running.organisation),
            subject=plain(subject),
            creator=creator,
            keywords=["GDPR", "Article 30", "record of processing activities"],
            invariant=1,
            lang="en",
            initialFontName=SANS,
        )
        templates = []
        for name, size in ((PORTRAIT, S.PAGE), (LANDSCAPE, S.WIDE_PAGE)):
            width = size[0] - 2 * S.MARGIN_X
            height = size[1] - S.MARGIN_TOP - S.MARGIN_BOTTOM
            frame = Frame(
                S.MARGIN_X,
                S.MARGIN_BOTTOM,
                width,
                height,
                id=name,
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            templates.append(PageTemplate(name, [frame], onPageEnd=self._decorate, pagesize=size))
        self.addPageTemplates(templates)

    def build_pdf(self, story: list[Flowable]) -> bytes:
        """Lay the story out until contents and page count are stable; the PDF bytes."""
        self.multiBuild([self.page_count, *story])
        return self.buffer.getvalue()

    def handle_documentBegin(self) -> None:
        super().handle_documentBegin()
        # The first pass only finds where pages break: the contents is seeded with page 0
        # and the page count starts at 0, so it is never the last pass and its drawing
        # (half the work of a pass) can be skipped by our flowables.
        self._passes = getattr(self, "_passes", 0) + 1
        setattr(self.canv, DRY_RUN, self._passes == 1)
        # The creation date is when the PDF was produced; a PDF built from a document
        # alone has none, and takes the "as of" date so that it is reproducible.
        # invariant=1 fixes the rest (document ID, no random names).
        at = self.running.produced_at
        stamp = (
            f"{at.astimezone(dt.UTC):%Y%m%d%H%M%S}+00'00'"
            if at is not None
            else f"{self.running.as_of:%Y%m%d}000000+00'00'"
        )
        self.canv.setDateFormatter(lambda *_: f"D:{stamp}")

    def afterPage(self) -> None:
        self.notify("PageEnd", self.page)

    def afterFlowable(self, flowable: Flowable) -> None:
        self.section = getattr(flowable, "section", self.section)
        entry = getattr(flowable, "toc_entry", None)
        if entry is None:
            return
        level, markup, key, outline = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(outline, key, level=level)
        self.notify("TOCEntry", (level, markup, self.page, key))

    def _decorate(self, canv: Any, doc: Any) -> None:
        if getattr(canv, DRY_RUN, False):
            return
        run = self.running
        page_width, page_height = self.pageTemplate.pagesize
        width = page_width - 2 * S.MARGIN_X
        top = page_height - S.MARGIN_TOP + 14
        bottom = S.MARGIN_BOTTOM - 22
        left, right = S.MARGIN_X, page_width - S.MARGIN_X
        canv.saveState()
        canv.setFillColor(S.MUTED)
        canv.setStrokeColor(S.RULE)
        canv.setLineWidth(0.5)
        if self.page > 1:
            # Left: where the reader is; right: whose register this is.
            # In the fonts of their scripts: names may be in any.
            title = shorten(f"{run.title} — {plain(run.organisation)}", width * 0.55, SANS, 8)
            title_width = text_width(title, SANS, 8)
            draw_runs(canv, right - title_width, top, title, SANS, 8)
            room = width - title_width - 20
            draw_runs(canv, left, top, shorten(self.section, room, SANS_BOLD, 8), SANS_BOLD, 8)
            canv.line(left, top - 5, right, top - 5)
        canv.line(left, bottom + 10, right, bottom + 10)
        canv.setFont(SANS_BOLD, 8)
        page = f"page {self.page} of {self.page_count.previous or '?'}"
        canv.drawRightString(right, bottom, page)
        version = f"As of {run.as_of.isoformat()}"
        canv.drawString(left, bottom, version)
        canv.setFont(SANS, 8)
        start = left + canv.stringWidth(version, SANS_BOLD, 8)
        room = width - canv.stringWidth(version + page, SANS_BOLD, 8) - 30
        # The same short form on portrait and landscape pages; the cover gives it whole.
        sha = f" · SHA-256 {run.sha256[:SHORT_SHA]}…"
        canv.drawString(start, bottom, shorten(sha, room, SANS, 8))
        canv.restoreState()
        if run.draft:
            draft_mark(canv, page_width, page_height)


def draft_mark(canv: Any, page_width: float, page_height: float) -> None:
    """DRAFT across the page, pale enough to read the page through it."""
    canv.saveState()
    canv.setFillColor(S.DRAFT_INK)
    canv.setFont(SANS_BOLD, 110)
    canv.translate(page_width / 2, page_height / 2)
    canv.rotate(35)
    canv.drawCentredString(0, -40, "DRAFT")
    canv.restoreState()
