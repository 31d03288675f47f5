"""The candidate's file as a printable 档案 page (Chinese, A4), every value escaped.

The style sheet is inline, so the page prints the same saved to disk or opened offline (the
console admits it by its hash).
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from service.app.chinese_dates import NOT_RECORDED, beijing_time, chinese_date
from service.app.dossier import KEY_DATE_LABELS, Dossier, Entry, personal_lines
from service.workflow.words import LEDGER_COLUMNS, REQUEST_FIELDS, state_label

STYLE = """
@page { size: A4; margin: 20mm 18mm 22mm;
  @bottom-center { content: "第 " counter(page) " 页　共 " counter(pages) " 页";
                   font-size: 9pt; } }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       font-size: 10.5pt; line-height: 1.55; color: #000; margin: 8mm auto; max-width: 174mm; }
h1 { font-size: 22pt; text-align: center; letter-spacing: 0.5em; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
.subtitle { text-align: center; margin: 0 0 5mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; }
th, td { border: 0.75pt solid #000; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; font-weight: normal; white-space: nowrap; }
table.grid th { width: 17%; }
table.grid td { width: 33%; }
table.act { break-inside: avoid; margin: 0 0 3mm; }
table.act th { width: 28%; white-space: normal; }
table.act caption { text-align: left; font-weight: bold; padding: 0 0 1mm; caption-side: top; }
.when { float: right; font-weight: normal; font-size: 9.5pt; }
.mark { border: 0.75pt solid #000; padding: 0 1.5mm; margin-left: 2mm; font-size: 9pt;
        font-weight: normal; }
section.sign { break-inside: avoid; margin-top: 8mm; }
.sign td { border: none; padding: 5mm 2mm 3mm; width: 50%; }
.sign .seal { height: 32mm; vertical-align: bottom; }
footer { margin-top: 6mm; font-size: 8.5pt; color: #333; word-break: break-all; }
@media print { body { margin: 0; max-width: none; } }
"""
STAGE = REQUEST_FIELDS["state"].zh
DATE_LINE = "日期：____年__月__日"


def _text(value: object) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(value, date | datetime):
        return chinese_date(value)
    return escape(str(value))


def _pairs(pairs: list[tuple[str, object]]) -> str:
    return "".join(
        f"<tr><th>{escape(label)}</th><td>{_text(value)}</td></tr>" for label, value in pairs
    )


def _grid(pairs: list[tuple[str, object]]) -> str:
    """Label–value pairs two to a row, as a registration form sets them out."""
    cells = [f"<th>{escape(label)}</th><td>{_text(value)}</td>" for label, value in pairs]
    if len(cells) % 2:
        cells.append("<th></th><td></td>")
    rows = (f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
    return f'<table class="grid">{"".join(rows)}</table>'


def _moved(entry: Entry) -> list[tuple[str, object]]:
    if entry.from_state is None:
        return [(STAGE, f"登记为{state_label(entry.to_state)}")]
    if entry.to_state in (None, entry.from_state):
        return []
    return [(STAGE, f"由“{state_label(entry.from_state)}”转为“{state_label(entry.to_state)}”")]


def _entry(number: int, entry: Entry, shown: set[tuple[str, str]]) -> str:
    """One act as a small table under a caption of its date and who did it; a line that
    基本情况 already shows, as it stands, is left out."""
    imported = '<span class="mark">历史数据导入</span>' if entry.imported else ""
    pairs: list[tuple[str, object]] = [
        *_moved(entry),
        *(line for line in entry.evidence_lines if line not in shown),
        *(("提示", warning["message_zh"]) for warning in entry.warnings),
    ]
    when = f"{chinese_date(entry.effective_date)}　经办人：{entry.actor_name}（{entry.actor_role}）"
    caption = (
        f'{number}. {escape(entry.label_zh)}{imported}<span class="when">{escape(when)}</span>'
    )
    return (
        f'<table class="act" id="event-{entry.seq}"><caption>{caption}</caption>'
        f"{_pairs(pairs)}</table>"
    )


def render_dossier(dossier: Dossier, *, generated_at: datetime) -> str:
    name = escape(str(dossier.personal["name"]))
    branch = escape(dossier.branch_name)
    basics = [
        *personal_lines(dossier),
        (LEDGER_COLUMNS["branch"].zh, dossier.branch_name),
        (LEDGER_COLUMNS["state"].zh, dossier.state_label),
    ]
    personal = _grid(list(basics))
    key_dates = _grid([(KEY_DATE_LABELS[key], value) for key, value in dossier.key_dates.items()])
    shown = set(basics)
    acts = "".join(_entry(number, entry, shown) for number, entry in enumerate(dossier.entries, 1))
    committee = escape(dossier.committee_name or "")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>发展党员档案 — {name}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>发展党员档案</h1>
<p class="subtitle">姓名：{name}　　所在党支部：{branch}</p>
</header>
<main>
<section><h2>一、基本情况</h2>{personal}</section>
<section><h2>二、关键时间</h2>{key_dates}</section>
<section><h2>三、发展过程记录</h2>{acts}</section>
<section class="sign"><h2>四、审核签章</h2><table class="sign">
<tr><td>党支部书记签字：__________</td><td>{DATE_LINE}</td></tr>
<tr><td class="seal">{committee}<br>党委（盖章）</td><td class="seal">{DATE_LINE}</td></tr>
</table></section>
</main>
<footer>共 {len(dossier.entries)} 项记录，依据 recruitflow 发展党员历史记录生成于
{beijing_time(generated_at)}（北京时间）。校验码（末条记录哈希）：{escape(dossier.chain_head)}</footer>
</body>
</html>
"""
