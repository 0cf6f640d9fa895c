// The by-day chart, drawn on the server as SVG: no script, no colour needed to read it. Started is
// an outlined bar, completed a solid bar inside it (completed ≤ started), a legend shows both
// shapes, and the same numbers are in a table under the chart. Words come from the partner locale
// (dashboard.chart.*) and are escaped like everything else.
import { escapeHtml } from '../escape-html.js';
import type { Msg } from '../i18n.js';
import type { DayCount } from './partner-reports.js';

function niceMax(n: number): number {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export function dayChartSvg(days: DayCount[], titleId: string, msg: Msg, range: { from: string; to: string }): string {
  const title = msg('dashboard.chart.title', range);
  const width = 720;
  const height = 260;
  const left = 44;
  const bottom = 40;
  const top = 36;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...days.map((d) => d.started)));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, Math.min(28, slot * 0.7));
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${titleId}" class="rc-chart">`,
  );
  parts.push(`<title id="${titleId}">${escapeHtml(title)}</title>`);
  // Legend: the two shapes, with words.
  parts.push(
    `<rect x="${left}" y="8" width="14" height="14" fill="#fff" stroke="#1b1b1b" stroke-width="2"/><text x="${left + 20}" y="20" font-size="13" fill="#1b1b1b">${escapeHtml(msg('dashboard.chart.startedLegend'))}</text>`,
  );
  parts.push(
    `<rect x="${left + 170}" y="8" width="14" height="14" fill="#1b1b1b"/><text x="${left + 190}" y="20" font-size="13" fill="#1b1b1b">${escapeHtml(msg('dashboard.chart.completedLegend'))}</text>`,
  );
  for (const v of [0, max / 2, max]) {
    parts.push(
      `<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#757575" stroke-width="1" stroke-dasharray="${v === 0 ? '' : '3 3'}"/>`,
    );
    parts.push(`<text x="${left - 6}" y="${y(v) + 4}" font-size="12" text-anchor="end" fill="#1b1b1b">${v}</text>`);
  }
  const labelEvery = Math.ceil(days.length / 10);
  days.forEach((d, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    if (d.started > 0)
      parts.push(
        `<rect x="${x}" y="${y(d.started)}" width="${barW}" height="${y(0) - y(d.started)}" fill="#fff" stroke="#1b1b1b" stroke-width="1.5"><title>${escapeHtml(msg('dashboard.chart.startedBar', { day: d.day, n: d.started }))}</title></rect>`,
      );
    if (d.completed > 0)
      parts.push(
        `<rect x="${x + barW * 0.2}" y="${y(d.completed)}" width="${barW * 0.6}" height="${y(0) - y(d.completed)}" fill="#1b1b1b"><title>${escapeHtml(msg('dashboard.chart.completedBar', { day: d.day, n: d.completed }))}</title></rect>`,
      );
    if (i % labelEvery === 0)
      parts.push(
        `<text x="${x + barW / 2}" y="${height - bottom + 16}" font-size="11" text-anchor="middle" fill="#1b1b1b">${d.day.slice(5)}</text>`,
      );
  });
  parts.push('</svg>');
  return parts.join('');
}
