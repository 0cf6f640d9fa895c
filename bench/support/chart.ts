// Draws the end-to-end figures as an SVG chart (no dependency): offered rate on x; accepted/s and
// durable/s against the bare-pipeline and fsync baselines on the left axis; p99 submit latency
// on the right axis. `node dist/bench/support/chart.js e2e.json out.svg [multinode.json]`
import fs from 'node:fs';
import type { StepFigures } from './report.js';

interface E2eFile {
  at: string;
  baselines: { bare: { perSecond: number } | null; fsync1: { perSecond: number } | null };
  steps: StepFigures[];
}

export function chartSvg(e2e: E2eFile, multinode?: { nodes: number; steps: StepFigures[] }): string {
  const W = 760;
  const H = 420;
  const m = { l: 60, r: 70, t: 40, b: 60 };
  const steps = e2e.steps;
  const xMax = Math.max(...steps.map((s) => s.rate), ...(multinode?.steps.map((s) => s.rate) ?? [])) * 1.1;
  const bare = e2e.baselines.bare?.perSecond ?? 0;
  const yMax = Math.ceil(Math.max(bare, ...steps.map((s) => Math.max(s.acceptedPerS, s.durablePerS)), xMax) / 50) * 50;
  const latMax = Math.max(250, ...steps.map((s) => s.submitP99Ms), ...(multinode?.steps.map((s) => s.submitP99Ms) ?? [])) * 1.1;
  const x = (v: number) => m.l + (v / xMax) * (W - m.l - m.r);
  const y = (v: number) => H - m.b - (v / yMax) * (H - m.t - m.b);
  const yl = (v: number) => H - m.b - (Math.min(v, latMax) / latMax) * (H - m.t - m.b);
  const line = (pts: Array<[number, number]>, color: string, dash = '') =>
    `<polyline fill="none" stroke="${color}" stroke-width="2" ${dash ? `stroke-dasharray="${dash}"` : ''} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>` +
    pts.map(([a, b]) => `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3" fill="${color}"/>`).join('');
  const parts: string[] = [];
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">Rollcall end to end, embedded default (SQLite + 2 local volumes), 2 cores — ${e2e.at.slice(0, 10)}</text>`,
  );
  for (let v = 0; v <= yMax; v += yMax / 5) {
    parts.push(
      `<line x1="${m.l}" x2="${W - m.r}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11">${v.toFixed(0)}</text>`,
    );
    const lat = (v / yMax) * latMax;
    parts.push(`<text x="${W - m.r + 6}" y="${y(v) + 4}" font-size="11" fill="#b00">${lat.toFixed(0)}</text>`);
  }
  for (const s of steps) parts.push(`<text x="${x(s.rate)}" y="${H - m.b + 16}" text-anchor="middle" font-size="11">${s.rate}</text>`);
  parts.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - m.b + 34}" text-anchor="middle" font-size="12">offered load (registrations/s, open loop)</text>`,
  );
  parts.push(
    `<text transform="translate(16 ${(m.t + H - m.b) / 2}) rotate(-90)" text-anchor="middle" font-size="12">registrations/s</text>`,
  );
  parts.push(
    `<text transform="translate(${W - 14} ${(m.t + H - m.b) / 2}) rotate(90)" text-anchor="middle" font-size="12" fill="#b00">p99 submit latency (ms)</text>`,
  );
  if (bare)
    parts.push(
      `<line x1="${m.l}" x2="${W - m.r}" y1="${y(bare)}" y2="${y(bare)}" stroke="#888" stroke-dasharray="6 4"/><text x="${m.l + 4}" y="${y(bare) - 4}" font-size="11" fill="#555">bare pipeline ${bare.toFixed(0)}/s</text>`,
    );
  if (bare)
    parts.push(
      `<line x1="${m.l}" x2="${W - m.r}" y1="${y(bare * 0.7)}" y2="${y(bare * 0.7)}" stroke="#bbb" stroke-dasharray="2 4"/><text x="${m.l + 4}" y="${y(bare * 0.7) - 4}" font-size="11" fill="#777">70 % of it</text>`,
    );
  parts.push(
    `<line x1="${m.l}" x2="${W - m.r}" y1="${yl(250)}" y2="${yl(250)}" stroke="#e99" stroke-dasharray="2 4"/><text x="${W - m.r - 4}" y="${yl(250) - 4}" text-anchor="end" font-size="11" fill="#b00">250 ms</text>`,
  );
  parts.push(
    line(
      steps.map((s) => [x(s.rate), y(s.acceptedPerS)]),
      '#1f77b4',
    ),
  );
  parts.push(
    line(
      steps.map((s) => [x(s.rate), y(s.durablePerS)]),
      '#2ca02c',
    ),
  );
  parts.push(
    line(
      steps.map((s) => [x(s.rate), yl(s.submitP99Ms)]),
      '#b00',
      '5 3',
    ),
  );
  if (multinode)
    parts.push(
      line(
        multinode.steps.map((s) => [x(s.rate), y(s.durablePerS)]),
        '#9467bd',
      ),
    );
  const legend: Array<[string, string]> = [
    ['#1f77b4', 'accepted/s'],
    ['#2ca02c', 'durable (pdf_ready)/s'],
    ['#b00', 'p99 submit latency (right axis)'],
  ];
  if (multinode) legend.push(['#9467bd', `durable/s, PostgreSQL, ${multinode.nodes} nodes on the same 2 cores`]);
  // Bottom left: the axes start at 0, so the lines (offered loads well above 0) leave it empty,
  // while the top holds the bare-pipeline and latency-target labels.
  const legendTop = H - m.b - 8 - legend.length * 16;
  legend.forEach(([c, label], i) =>
    parts.push(
      `<rect x="${m.l + 10}" y="${legendTop + 6 + i * 16}" width="12" height="3" fill="${c}"/><text x="${m.l + 28}" y="${legendTop + 11 + i * 16}" font-size="11">${label}</text>`,
    ),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif">${parts.join('')}</svg>\n`;
}

if (process.argv[1]?.endsWith('chart.js')) {
  const [e2eFile, out, mnFile] = process.argv.slice(2);
  if (!e2eFile || !out) {
    console.error('usage: node dist/bench/support/chart.js e2e.json out.svg [multinode.json]');
    process.exit(2);
  }
  const e2e = JSON.parse(fs.readFileSync(e2eFile, 'utf8')) as E2eFile;
  const mn = mnFile ? (JSON.parse(fs.readFileSync(mnFile, 'utf8')) as { nodes: number; steps: StepFigures[] }) : undefined;
  fs.writeFileSync(out, chartSvg(e2e, mn));
  console.log(`wrote ${out}`);
}
