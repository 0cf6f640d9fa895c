// The storage page's latency chart: an SVG drawn on the server from the last hour of probe
// samples. Readable without colour: each path has its own line pattern and a text label (P1, P2…)
// at its last point; a probe that failed or hung is an "×" at the top edge; the same figures are
// in a table beside it.
import { escapeHtml } from '../escape-html.js';
import type { Sample } from './storage-samples.js';

const W = 720;
const H = 260;
const LEFT = 56;
const RIGHT = 64;
const TOP = 24;
const BOTTOM = 36;
const HOUR = 60 * 60_000;
const DASHES = ['', '8 4', '2 4', '10 4 2 4', '4 4', '1 2'];
/** The same patterns in words, for the legend (see storage.line.* in the admin strings). */
const DASH_NAMES = ['solid', 'dashed', 'dotted', 'dashDot', 'shortDash', 'fineDot'];
const COLOURS = ['#1a4480', '#8b0a03', '#2e6276', '#5c1111', '#4d8055', '#3d4551'];
const BAD = new Set(['hung', 'failed']);
const GAP_MS = 45_000;

export interface PathSeries {
  label: string;
  volume: string;
  path: string;
  dash: string;
  samples: number;
  medianMs: number | null;
  maxMs: number | null;
  bad: number;
  lastState: string | null;
}

function niceCeiling(v: number): number {
  const steps = [1, 2, 5];
  for (let p = 1; ; p *= 10) for (const s of steps) if (s * p >= v) return s * p;
}

export function latencyChart(
  samples: Sample[],
  paths: Array<{ volume: string; path: string }>,
  now: number,
): { svg: string; series: PathSeries[] } {
  const start = now - HOUR;
  const good = samples.filter((s) => s.probe_ms !== null && !BAD.has(s.state));
  const yMax = niceCeiling(Math.max(10, ...good.map((s) => Number(s.probe_ms))));
  const x = (at: number) => LEFT + ((Math.min(Math.max(at, start), now) - start) / HOUR) * (W - LEFT - RIGHT);
  const y = (ms: number) => TOP + (1 - Math.min(ms, yMax) / yMax) * (H - TOP - BOTTOM);
  const parts: string[] = [];
  const series: PathSeries[] = [];

  // axes and grid: 0, ½ and full scale; a tick every 10 minutes
  for (const f of [0, 0.5, 1]) {
    const ms = yMax * f;
    parts.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(ms)}" y2="${y(ms)}" stroke="#dfe1e2" stroke-width="1"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${y(ms) + 4}" text-anchor="end" font-size="12">${ms} ms</text>`);
  }
  for (let m = 0; m <= 60; m += 10) {
    const xx = x(start + m * 60_000);
    parts.push(`<line x1="${xx}" x2="${xx}" y1="${H - BOTTOM}" y2="${H - BOTTOM + 4}" stroke="#1b1b1b"/>`);
    parts.push(`<text x="${xx}" y="${H - BOTTOM + 18}" text-anchor="middle" font-size="12">${m === 60 ? 'now' : `-${60 - m} min`}</text>`);
  }
  parts.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${H - BOTTOM}" y2="${H - BOTTOM}" stroke="#1b1b1b"/>`);

  paths.forEach((p, i) => {
    const label = `P${i + 1}`;
    const dash = DASHES[i % DASHES.length]!;
    const colour = COLOURS[i % COLOURS.length]!;
    const mine = samples.filter((s) => s.path === p.path && s.at >= start);
    const okMs = mine.filter((s) => s.probe_ms !== null && !BAD.has(s.state)).map((s) => Number(s.probe_ms));
    const sorted = [...okMs].sort((a, b) => a - b);
    series.push({
      label,
      volume: p.volume,
      path: p.path,
      dash: DASH_NAMES[i % DASH_NAMES.length]!,
      samples: mine.length,
      medianMs: sorted.length ? sorted[Math.floor(sorted.length / 2)]! : null,
      maxMs: sorted.length ? sorted[sorted.length - 1]! : null,
      bad: mine.filter((s) => BAD.has(s.state)).length,
      lastState: mine.length ? mine[mine.length - 1]!.state : null,
    });
    // one polyline per run of good samples; a gap or a bad sample breaks the line
    let run: string[] = [];
    let lastAt = -Infinity;
    const flush = () => {
      if (run.length > 1)
        parts.push(
          `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''} points="${run.join(' ')}"/>`,
        );
      else if (run.length === 1)
        parts.push(`<circle cx="${run[0]!.split(',')[0]}" cy="${run[0]!.split(',')[1]}" r="2.5" fill="${colour}"/>`);
      run = [];
    };
    let lastPoint: [number, number] | null = null;
    for (const s of mine) {
      if (s.probe_ms === null && !BAD.has(s.state)) continue;
      if (BAD.has(s.state)) {
        flush();
        parts.push(`<text x="${x(s.at)}" y="${TOP - 6}" text-anchor="middle" font-size="14" fill="${colour}">×</text>`);
        lastAt = s.at;
        continue;
      }
      if (s.at - lastAt > GAP_MS) flush();
      const pt: [number, number] = [Math.round(x(s.at) * 10) / 10, Math.round(y(Number(s.probe_ms)) * 10) / 10];
      run.push(`${pt[0]},${pt[1]}`);
      lastPoint = pt;
      lastAt = s.at;
    }
    flush();
    if (lastPoint)
      parts.push(
        `<text x="${Math.min(lastPoint[0] + 6, W - RIGHT + 6)}" y="${lastPoint[1] + 4 + i * 2}" font-size="12" font-weight="bold" fill="${colour}">${label}</text>`,
      );
  });

  const summary = series
    .map(
      (s) => `${s.label} ${s.volume} ${s.path}: median ${s.medianMs ?? '–'} ms, max ${s.maxMs ?? '–'} ms, ${s.bad} failed or hung probe(s)`,
    )
    .join('; ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-labelledby="latency-title latency-desc" class="rc-chart">
<title id="latency-title">Probe latency per storage path, last hour</title>
<desc id="latency-desc">${escapeHtml(summary || 'No samples in the last hour.')}</desc>
${parts.join('\n')}
</svg>`;
  return { svg, series };
}
