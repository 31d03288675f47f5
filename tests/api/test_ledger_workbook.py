"""An XLSX ledger read back with openpyxl: what a clerk sees on screen and on paper."""

from __future__ import annotations

import io

import openpyxl
from fastapi.testclient import TestClient

from tests.api.conftest import World
from tests.support.http_journey import run_journey


def test_an_xlsx_ledger_prints_with_a_title_numbered_rows_borders_and_a_repeated_header(
    client: TestClient, world: World
) -> None:
    for name in ("欧阳明月", "李四"):
        response = client.post(
            "/api/v1/candidates", json=world.application(name=name), headers=world.secretary
        )
        assert response.status_code == 201, response.text
        run_journey(client, response.json()["id"], world.roles, until="activist")
    response = client.get(
        "/api/v1/ledgers/activists", params={"format": "xlsx"}, headers=world.reviewer
    )
    assert response.status_code == 200, response.text
    disposition = response.headers["content-disposition"]
    assert 'filename="ledger-activists-2025-06-20.xlsx"' in disposition
    assert disposition.isascii()
    assert "filename*=UTF-8''%E5%8E%BF" in disposition  # 县直机关工委…
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "县直机关工委入党积极分子花名册（截至2025年6月20日）"
    assert sheet["A1"].font.bold
    last = openpyxl.utils.get_column_letter(sheet.max_column)
    assert [str(merged) for merged in sheet.merged_cells.ranges] == [f"A1:{last}1"]
    assert [cell.value for cell in sheet[2][:3]] == ["序号", "姓名", "性别"]
    assert [(row[0].value, row[1].value) for row in sheet.iter_rows(min_row=3)] == [
        (1, "欧阳明月"),
        (2, "李四"),
    ]
    corner = sheet.cell(row=sheet.max_row, column=sheet.max_column)
    assert {corner.border.left.style, corner.border.bottom.style} == {"thin"}
    assert sheet["B2"].border.top.style == "thin"
    assert sheet.print_title_rows == "$2:$2"
    assert sheet.freeze_panes == "A3"
    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr is not None
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    widths = {cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[2]}
    assert widths["序号"] < widths["姓名"] < widths["公民身份号码"]
    assert widths["工作单位"] >= 2 * len("县财政局")
    assert sheet["K3"].number_format == 'yyyy"年"m"月"d"日"'
