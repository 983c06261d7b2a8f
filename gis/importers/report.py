"""What an import did: counts, and every row it refused with the reason."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RowProblem:
    """One refused row (``row`` is None when the whole file is at fault)."""

    file: str
    row: int | None
    reason: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return f"{where}: {self.reason}"


@dataclass
class ImportReport:
    """The outcome of one ``cotmoc import`` run.

    ``written`` is True only when the transaction was committed; a dry run, a file with bad
    rows (without ``skip_invalid``) or a database error leaves it False and the database as
    it was.
    """

    file: str
    kind: str
    dry_run: bool = False
    skip_invalid: bool = False
    rows_read: int = 0
    updated: int = 0
    created: int = 0
    positions_created: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    written: bool = False

    def problem(self, row: int | None, reason: str) -> None:
        """Record a problem with row ``row`` (None: the whole file)."""
        self.problems.append(RowProblem(self.file, row, reason))

    @property
    def file_failed(self) -> bool:
        """A problem with the file itself (no row to skip): nothing can be imported."""
        return any(p.row is None for p in self.problems)

    @property
    def bad_rows(self) -> list[int]:
        """The numbers of the rows that had a problem."""
        return sorted({p.row for p in self.problems if p.row is not None})

    @property
    def ok(self) -> bool:
        """True when the run did what was asked: wrote, or validated a clean file."""
        if self.file_failed:
            return False
        if self.dry_run:
            return not self.problems or self.skip_invalid
        return self.written

    def summary(self) -> str:
        """Human-readable lines for the end of a command."""
        verb = "would write" if self.dry_run else ("wrote" if self.written else "wrote nothing")
        lines = [
            f"{self.file}: {self.rows_read} {self.kind} read, {len(self.bad_rows)} bad",
            f"{verb}: {self.updated} updated, {self.created} created"
            + (f", {self.positions_created} new positions" if self.positions_created else ""),
        ]
        if self.problems and self.skip_invalid and not self.file_failed:
            lines.append(f"skipped rows: {', '.join(map(str, self.bad_rows))}")
        lines += [f"  {p}" for p in self.problems]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)
