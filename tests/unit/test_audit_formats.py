"""The CSV row of the export is byte for byte what the csv module writes, which reads it back."""

from __future__ import annotations

import csv
import io
import itertools

from service.app.audit.formats import CSV_TERMINATOR, csv_row

AWKWARD = ["", "plain", "a,b", 'say "hi"', '"', "line\nbreak", "cr\rlf", " pad ", "王书记", "'=1"]


def written_by_csv(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=CSV_TERMINATOR).writerow(cells)
    return buffer.getvalue()


def test_a_row_is_what_the_csv_module_writes_and_reads_back() -> None:
    for cells in itertools.permutations(AWKWARD, 3):
        row = list(cells)
        assert csv_row(row) == written_by_csv(row)
        assert next(csv.reader(io.StringIO(csv_row(row), newline=""))) == row
