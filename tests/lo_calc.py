"""Drive a real LibreOffice Calc, headless, the way a reviewer edits the review workbook.

Two halves in one file. The test side (``Calc``, imported by the tests under the venv)
starts one ``soffice --headless`` listening on a local socket, with a profile of its
own, and runs this file as a script under the system ``/usr/bin/python3``, which has
LibreOffice's ``uno`` bridge (Debian's python3-uno; the venv cannot import it). The
script side (``main``) connects, opens a workbook, acts on it as a person would (types
into cells found by their column header and their row's reference or text, deletes
and inserts rows, sorts a sheet; or, on a form-like sheet such as the CNIL's model
fiche, copies and renames sheets and types beside a label of column A) and saves it in
the formats asked for.

The script half imports nothing but the standard library and ``uno``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

SYSTEM_PYTHON = "/usr/bin/python3"
XLSX = "Calc MS Excel 2007 XML"
ODS = "calc8"
XLS = "MS Excel 97"
CSV = "Text - txt - csv (StarCalc)"
# Separator ; (59), text quoted with " (34), Windows-1252 (1), from line 1: what Excel and
# Calc write as "CSV (semicolon)" on a French Windows.
CSV_SEMICOLON_1252 = "59,34,1,1"
CSV_COMMA_UTF8 = "44,34,76,1"
_CONTENTS = 1 | 2 | 4 | 16  # CellFlags VALUE | DATETIME | STRING | FORMULA
_CONNECT = "socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Calc:
    """One headless LibreOffice for a test module; ``edit`` runs a reviewer's session."""

    def __init__(self, scratch: Path) -> None:
        self.port = _free_port()
        self.scratch = scratch
        profile = (scratch / "lo-profile").as_uri()
        soffice = shutil.which("soffice") or "soffice"
        accept = f"socket,host=127.0.0.1,port={self.port};urp;"
        # A session of its own, so that teardown can end soffice.bin and its launcher.
        self.process = subprocess.Popen(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
             "--nologo", "--norestore", "--nodefault", "--nolockcheck", f"--accept={accept}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            self._run({"wait": True}, timeout=120)
        except BaseException:
            self.close()
            raise

    def review(self, source: Path, actions: list[dict[str, Any]], name: str) -> dict[str, Path]:
        """A copy of ``source`` edited by ``actions``, saved as .xlsx and as .ods.

        Returns {"xlsx": path, "ods": path}, in a folder of its own (Calc leaves a lock
        file beside what it opens while it has it open).
        """
        folder = self.scratch / name
        folder.mkdir()
        copy = folder / f"exported{source.suffix}"
        shutil.copyfile(source, copy)
        saved = {"xlsx": folder / f"{name}.xlsx", "ods": folder / f"{name}.ods"}
        self.edit(copy, actions, {saved["xlsx"]: XLSX, saved["ods"]: ODS})
        return saved

    def edit(
        self, source: Path, actions: list[dict[str, Any]], saves: dict[Path, str | tuple[str, str]]
    ) -> None:
        """Open ``source``, apply ``actions`` in order, save it as each path -> filter (or
        (filter, its options), as a CSV's separator and encoding)."""
        self._run(
            {
                "source": str(source),
                "actions": actions,
                "saves": [
                    [str(path), *(flt if isinstance(flt, tuple) else (flt,))]
                    for path, flt in saves.items()
                ],
            }
        )

    def _run(self, job: dict[str, Any], timeout: float = 180) -> None:
        done = subprocess.run(
            [SYSTEM_PYTHON, __file__, str(self.port)],
            input=json.dumps(job), capture_output=True, text=True, timeout=timeout,
            env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"LibreOffice driver failed:\n{done.stderr}")

    def close(self) -> None:
        try:
            self._run({"terminate": True}, timeout=60)
            self.process.wait(timeout=60)
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)


# -- the script half, run by /usr/bin/python3 -------------------------------------------


def main(port: int) -> None:  # pragma: no cover - runs under the system python
    import uno

    job = json.loads(sys.stdin.read())
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + (110 if job.get("wait") else 20)
    while True:
        try:
            ctx = resolver.resolve(f"uno:{_CONNECT.format(port=port)}")
            break
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    if job.get("terminate"):
        with contextlib.suppress(Exception):  # the bridge goes down with the office
            desktop.terminate()
        return
    if job.get("wait"):
        return
    doc = desktop.loadComponentFromURL(
        Path(job["source"]).as_uri(), "_blank", 0, _props(uno, Hidden=True)
    )
    if doc is None:
        raise RuntimeError(f"LibreOffice could not open {job['source']}")
    try:
        session = _Session(uno, doc)
        for action in job["actions"]:
            getattr(session, action["do"])(**{k: v for k, v in action.items() if k != "do"})
        for path, flt, *options in job["saves"]:
            # A text (CSV) filter takes its separator and encoding as FilterOptions.
            extra = {"FilterOptions": options[0]} if options else {}
            doc.storeToURL(
                Path(path).as_uri(), _props(uno, FilterName=flt, Overwrite=True, **extra)
            )
    finally:
        doc.close(True)


def _label(text: str) -> str:
    """A label to compare: no accents, no case, one kind of apostrophe and of space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'").replace("`", "'")
    return " ".join(text.split()).strip(" :")


def _column_index(letters: str) -> int:
    """0-based index of a column named by its letters ("A" -> 0, "AA" -> 26)."""
    index = 0
    for char in letters.strip().upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"not a column letter: {letters!r}")
        index = index * 26 + ord(char) - 64
    if index == 0:
        raise ValueError(f"not a column letter: {letters!r}")
    return index - 1


def _props(uno: Any, **values: Any) -> tuple[Any, ...]:
    out = []
    for name, value in values.items():
        prop = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


class _Session:  # pragma: no cover - runs under the system python
    """What a reviewer does in Calc, one method per gesture."""

    def __init__(self, uno: Any, doc: Any) -> None:
        self.uno, self.doc = uno, doc

    def _sheet(self, name: str) -> Any:
        return self.doc.getSheets().getByName(name)

    def _end(self, sheet: Any) -> tuple[int, int]:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        addr = cursor.getRangeAddress()
        return addr.EndColumn, addr.EndRow

    def _column(self, sheet: Any, header: str) -> int:
        last_col, _ = self._end(sheet)
        for col in range(last_col + 1):
            if sheet.getCellByPosition(col, 0).getString() == header:
                return col
        raise KeyError(f"no column {header!r}")

    def _row(self, sheet: Any, row: dict[str, Any]) -> int:
        """0-based row: {"ref": in column A}, {"text": in any cell}, {"number": 1-based}."""
        if "number" in row:
            return int(row["number"]) - 1
        last_col, last_row = self._end(sheet)
        cols = [0] if "ref" in row else range(last_col + 1)
        wanted = row.get("ref", row.get("text"))
        for r in range(1, last_row + 1):
            if any(sheet.getCellByPosition(c, r).getString() == wanted for c in cols):
                return r
        raise KeyError(f"no row {row!r}")

    def _type_at(self, sheet: Any, col: int, row: int, text: str) -> None:
        """Enter text as typed: Calc parses it (a number, an ISO date, a formula).

        ``setFormula`` is the API's way of typing into a cell. The dispatcher's
        EnterString would be closer to the keyboard, but LibreOffice 7.4 headless
        aborts on a timer after such an edit is saved as .ods.
        """
        cell = sheet.getCellByPosition(col, row)
        if text == "":
            cell.clearContents(_CONTENTS)
        elif "\n" in text:  # lines typed with Alt+Enter: never a formula or a number
            cell.setString(text)
        else:
            cell.setFormula(text)

    def type_at(self, sheet: str, cell: str, text: str) -> None:
        """Type into the cell at an address ("B10"), as the DPO clicks it and types."""
        ws = self._sheet(sheet)
        address = ws.getCellRangeByName(cell).getCellAddress()
        self._type_at(ws, address.Column, address.Row, text)

    def type(self, sheet: str, row: dict[str, Any], column: str, text: str) -> None:
        ws = self._sheet(sheet)
        self._type_at(ws, self._column(ws, column), self._row(ws, row), text)

    def type_beside(
        self, sheet: str, label: str, column: str, text: str, as_text: bool = False
    ) -> None:
        """Type into column ``column`` (letters) of the row whose column A reads ``label``.

        The label is compared without case, accents, repeated spaces or a trailing colon;
        the first such row counts. ``as_text`` enters the text as a string, as a leading
        apostrophe does in Calc, so that "13/05/2026" stays the text typed.
        """
        ws = self._sheet(sheet)
        _, last_row = self._end(ws)
        wanted = _label(label)
        for r in range(last_row + 1):
            if _label(ws.getCellByPosition(0, r).getString()) == wanted:
                col = _column_index(column)
                if as_text:
                    ws.getCellByPosition(col, r).setString(text)
                else:
                    self._type_at(ws, col, r, text)
                return
        raise KeyError(f"no row labelled {label!r} in column A of {sheet!r}")

    def copy_sheet(self, sheet: str, name: str, before: str | None = None) -> None:
        """Move or Copy Sheet > Copy: a copy of ``sheet`` named ``name``, placed before
        the sheet ``before`` (by default right after the one copied)."""
        sheets = self.doc.getSheets()
        names = list(sheets.getElementNames())
        position = names.index(before) if before else names.index(sheet) + 1
        sheets.copyByName(sheet, name, position)
        if not sheets.hasByName(name):
            raise RuntimeError(f"Calc did not copy {sheet!r} as {name!r}")

    def rename_sheet(self, sheet: str, name: str) -> None:
        self._sheet(sheet).setName(name)
        if not self.doc.getSheets().hasByName(name):
            raise RuntimeError(f"Calc did not rename {sheet!r} as {name!r}")

    def delete_row(self, sheet: str, row: dict[str, Any]) -> None:
        ws = self._sheet(sheet)
        ws.getRows().removeByIndex(self._row(ws, row), 1)

    def insert_row(self, sheet: str, before: dict[str, Any], cells: dict[str, str]) -> None:
        ws = self._sheet(sheet)
        at = self._row(ws, before)
        ws.getRows().insertByIndex(at, 1)
        for header, text in cells.items():
            self._type_at(ws, self._column(ws, header), at, text)

    def append_row(self, sheet: str, cells: dict[str, str]) -> None:
        ws = self._sheet(sheet)
        _, last_row = self._end(ws)
        for header, text in cells.items():
            self._type_at(ws, self._column(ws, header), last_row + 1, text)

    def sort(self, sheet: str, column: str, descending: bool = False) -> None:
        """Data > Sort on the whole table (hidden columns move with their rows)."""
        ws = self._sheet(sheet)
        last_col, last_row = self._end(ws)
        table = ws.getCellRangeByPosition(0, 0, last_col, last_row)
        field = self.uno.createUnoStruct("com.sun.star.table.TableSortField")
        field.Field = self._column(ws, column)
        field.IsAscending = not descending
        field.IsCaseSensitive = False
        descriptor = {p.Name: p for p in table.createSortDescriptor()}
        descriptor["SortFields"].Value = self.uno.Any(
            "[]com.sun.star.table.TableSortField", (field,)
        )
        descriptor["ContainsHeader"].Value = True
        self.uno.invoke(table, "sort", (tuple(descriptor.values()),))


if __name__ == "__main__":  # pragma: no cover
    main(int(sys.argv[1]))
