"""Located diagnostics: every problem an editor can cause names its file, line and column."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based position in a project file; `file` is relative to the project root."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem in the editors' data, at the file, line and column to fix: collected by DiagnosticSink in
    every loading and build step, printed by `make check` (also as a GitHub Actions annotation), the MkDocs
    hook and the editor tools."""

    location: Location
    message: str
    severity: Severity = "error"
    hints: tuple[str, ...] = field(default_factory=tuple)  # further lines, printed indented under the message

    def format(self) -> str:
        """The compiler-style form editors and their tools understand (`file:line:col: error: ...`)."""
        lines = [f"{self.location}: {self.severity}: {self.message}"]
        lines.extend(f"    {hint}" for hint in self.hints)
        return "\n".join(lines)

    def github_command(self) -> str:
        """GitHub Actions workflow command, so the message shows inline on the pull request diff."""
        text = "\n".join([self.message, *self.hints])
        # Workflow commands need %, CR and LF escaped in the message and also , and : in properties.
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        file = self.location.file.replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return (
            f"::{self.severity} file={file},line={self.location.line},"
            f"col={self.location.column}::{text}"
        )


class DataError(Exception):
    """Raised when the editors' data cannot be built into an edition; carries every diagnostic."""

    def __init__(self, diagnostics: Sequence[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics, key=lambda d: d.location))
        super().__init__(self.report())

    def report(self) -> str:
        errors = sum(1 for d in self.diagnostics if d.severity == "error")
        body = "\n".join(d.format() for d in self.diagnostics)
        return f"{body}\n{errors} error(s) in the annotation data"


class DiagnosticSink:
    """Collects diagnostics so that one run reports every problem, not just the first."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def error(self, location: Location, message: str, *hints: str) -> None:
        self.items.append(Diagnostic(location, message, "error", tuple(h for h in hints if h)))

    def warning(self, location: Location, message: str, *hints: str) -> None:
        self.items.append(Diagnostic(location, message, "warning", tuple(h for h in hints if h)))

    @property
    def has_errors(self) -> bool:
        return any(d.severity == "error" for d in self.items)

    def raise_if_errors(self) -> None:
        if self.has_errors:
            raise DataError(self.items)
