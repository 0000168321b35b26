"""A test server or session as a context manager: started on entry, closed on exit, and closed
also when starting fails half-way (so no child process outlives a failed start)."""

from __future__ import annotations

from typing import Self


class Started:
    def _enter(self) -> None:
        self.start()  # type: ignore[attr-defined]

    def _leave(self) -> None:
        self.close()  # type: ignore[attr-defined]

    def __enter__(self) -> Self:
        try:
            self._enter()
        except BaseException:
            self._leave()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._leave()
