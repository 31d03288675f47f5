"""The candidate's file as a printable HTML page (Chinese, A4), every value escaped."""

from __future__ import annotations

from datetime import date, datetime
from html import escape

from service.app.dossier import (
    KEY_DATE_LABELS,
    PERSONAL_LABELS,
    STATE_LABELS,
    Dossier,
    Entry,
    display,
)

STYLE = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       font-size: 11pt; line-height: 1.5; color: #000; margin: 0 auto; max-width: 178mm; }
h1 { font-size: 20pt; text-align: center; letter-spacing: 0.3em; margin: 0 0 4mm; }
h2 { font-size: 13pt; border-bottom: 1.5pt solid #000; margin: 6mm 0 2mm; }
h3 { font-size: 11pt; margin: 0 0 1mm; }
.subtitle { text-align: center; margin: 0 0 6mm; }
table { width: 100%; border-collapse: collapse; margin: 0 0 2mm; }
th, td { border: 0.75pt solid #000; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { width: 30%; background: #f2f2f2; font-weight: normal; }
ol.acts { list-style: none; padding: 0; margin: 0; }
ol.acts > li { page-break-inside: avoid; break-inside: avoid; margin: 0 0 3mm; }
.refused h3 { text-decoration: line-through; }
.mark { display: inline-block; border: 0.75pt solid #000; padding: 0 1.5mm; margin-left: 2mm;
        font-size: 9pt; font-weight: normal; text-decoration: none; }
.violations { margin: 1mm 0 0; padding-left: 6mm; }
footer { margin-top: 8mm; font-size: 9pt; color: #333; word-break: break-all; }
@media print { body { max-width: none; } }
"""


def _text(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return escape(str(value))


def _rows(pairs: list[tuple[str, object]]) -> str:
    return "".join(
        f"<tr><th>{escape(label)}</th><td>{_text(value)}</td></tr>" for label, value in pairs
    )


def _entry(entry: Entry) -> str:
    refused = entry.outcome == "refused"
    marks = []
    if refused:
        marks.append('<span class="mark">未通过</span>')
    if entry.imported:
        marks.append('<span class="mark">历史数据导入</span>')
    before = STATE_LABELS.get(entry.from_state or "", "—")
    after = STATE_LABELS.get(entry.to_state or "", "—")
    moved = (
        f"{before} → {after}"
        if entry.to_state not in (None, entry.from_state)
        else "（记录）"
        if not refused
        else "（未生效）"
    )
    pairs: list[tuple[str, object]] = [
        ("生效日期", entry.effective_date),
        ("经办", f"{entry.actor_name}（{entry.actor_role}）"),
        ("阶段", moved),
        *entry.evidence_lines,
    ]
    problems = entry.violations if refused else entry.warnings
    listed = "".join(f"<li>{escape(p['message_zh'])}（{escape(p['rule'])}）</li>" for p in problems)
    heading = "未通过的原因" if refused else "提示"
    findings = f'<p>{heading}：</p><ul class="violations">{listed}</ul>' if problems else ""
    css = ' class="refused"' if refused else ""
    return (
        f'<li{css} id="event-{entry.seq}"><h3>{entry.seq}. {escape(entry.label_zh)}'
        f"{''.join(marks)}</h3><table>{_rows(pairs)}</table>{findings}</li>"
    )


def render_dossier(dossier: Dossier, *, generated_at: datetime) -> str:
    name = escape(str(dossier.personal["name"]))
    personal = _rows(
        [
            *(
                (PERSONAL_LABELS[key], value and display(value))
                for key, value in dossier.personal.items()
            ),
            ("所在党支部", dossier.branch_name),
        ]
    )
    key_dates = _rows(
        [
            ("当前阶段", dossier.state_label),
            *((KEY_DATE_LABELS[key], value) for key, value in dossier.key_dates.items()),
        ]
    )
    acts = "".join(_entry(entry) for entry in dossier.entries)
    applied = sum(1 for entry in dossier.entries if entry.outcome == "applied")
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
<p class="subtitle">{name}　·　{escape(dossier.branch_name)}</p>
</header>
<main>
<section><h2>基本情况</h2><table>{personal}</table></section>
<section><h2>关键时间</h2><table>{key_dates}</table></section>
<section><h2>发展过程记录</h2><ol class="acts">{acts}</ol></section>
</main>
<footer>共 {len(dossier.entries)} 条记录（已生效 {applied} 条）。
本档案依据 recruitflow 的历史记录生成于 {generated_at.isoformat(timespec="seconds")}Z；
末条记录哈希 {escape(dossier.chain_head)}，可据此核验。</footer>
</body>
</html>
"""
