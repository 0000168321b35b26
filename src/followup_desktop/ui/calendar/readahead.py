"""When the calendar page reads which span. Reads go through one queue (reads.ReadQueue):
the span shown alone (a read ahead under way is stopped for it), then, once the grid has painted
it, the spans one and two steps either way, so that paging finds them read (on the page's first
read, with nothing kept, those follow it at once). A switch to a span read before is served at
once, in the click, while its read is current (spans.SpanCache). Otherwise the kept cells stay
on screen meanwhile, but `loaded` waits for the current ones.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup_desktop.services.backend import Backend
from followup_desktop.ui.calendar.navigation import Span
from followup_desktop.ui.calendar.reads import ReadQueue
from followup_desktop.ui.calendar.spans import Cells, Read, SpanCache, Token, span_reader

if TYPE_CHECKING:
    from followup_desktop.ui.calendar.page import CalendarPage


class ReadAhead:
    """The page's span reads: what is awaited, what is read ahead, and what a result does."""

    def __init__(self, page: CalendarPage, backend: Backend, cache: SpanCache) -> None:
        self._page = page
        self._backend = backend
        self._cache = cache
        self._reads = ReadQueue(backend, page)  # of spans: the shown one, the ones around
        self._reads.arrived.connect(self._span_read)
        self.waiting: Span | None = None  # the shown span, until its current cells are in
        self.direction = 1  # the way the user last paged: read ahead that way first
        self.ahead_due = False  # read ahead once the grid has painted the span shown

    def fetch_shown(self) -> None:
        """The shown span's cells: at once when a current read is kept, else read before
        anything else (or the read of it under way awaited). `loaded` says when they are in;
        reading ahead waits until they are painted."""
        page = self._page
        span, wanted = page._span(), page._chips_wanted()
        if self._cache.usable(self._cache.spans.get(span), wanted):
            self.waiting = None
            self._reads.want([])  # what was to be read ahead of the span before: after paint
            page.loaded.emit()
            self.ahead_due = True
            return
        self.waiting = span
        self.ahead_due = False
        self._read_shown(wanted)

    def painted(self) -> None:
        """The grid painted the span shown: read ahead now, if that is due."""
        if self.ahead_due:
            self.ahead_due = False
            self._read_ahead(self._page._chips_wanted())

    def stop(self) -> None:
        """Drop what is waiting to be read (a read under way still delivers)."""
        self._reads.want([])

    def _read_shown(self, wanted: int) -> None:
        """Read the span shown, and nothing else until it is painted: no read ahead waits in
        the queue before it, and one under way is stopped (unless it is of this span and
        since the data last changed: then it serves). Only when nothing at all is kept (the
        page's first read, or a new time zone) are the spans around read right behind it:
        with nothing to stop or to paint meanwhile, the first page key then finds them read."""
        span, token = self._page._span(), self._cache.token(wanted)
        around = [] if self._cache.spans else self._page._neighbours()
        coming = [each for each in (span, *around) if self._under_way(each, token)]
        backend, zone = self._backend, self._page._zone
        self._reads.want([(each, token, span_reader(backend, zone, each, token))
                          for each in (span, *around) if each not in coming],
                         interrupt=True, keep=coming)

    def _read_ahead(self, wanted: int) -> None:
        """Queue the reads of the spans around the one shown that are neither kept nor being
        read, the way the user last paged first."""
        token = self._cache.token(wanted)
        backend, zone = self._backend, self._page._zone
        self._reads.want([(span, token, span_reader(backend, zone, span, token))
                          for span in self._page._neighbours()
                          if not self._cache.usable(self._cache.spans.get(span), wanted)
                          and not self._under_way(span, token)])

    def _under_way(self, span: Span, token: Token) -> bool:
        """A read of the span (of enough chips, since the data last changed) has begun: its
        result, due any moment, serves."""
        begun = self._reads.under_way(span)
        return (isinstance(begun, tuple) and begun[0] == token[0] and begun[1] >= token[1]
                and begun[2] == token[2])

    def _span_read(self, span: Span, token: Token, read: Read[Cells] | None,
                   error: Exception | None) -> None:
        page = self._page
        if token[0] != self._cache.generation:
            return  # begun before the data changed
        if read is None:  # a failure matters when the span is awaited; else it is tried
            if span == self.waiting:  # again when shown
                self.waiting = None
                page._show_failure(str(error))
            return
        self._cache.keep_span(span, read)
        if span != page._span() or self.waiting != span:
            return  # read ahead, or the shown span's cells are in already
        wanted = page._chips_wanted()
        if not self._cache.usable(read, wanted):  # committed to while read, or the grid grew
            self._read_shown(wanted)
            return
        self.waiting = None
        page._show_cells(span, read.value)
        page._show_agenda()
        page.loaded.emit()
        self.ahead_due = True
