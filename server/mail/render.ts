// A voter message's two parts from its one model (messages.ts): plain text, and HTML that any
// mail client shows (one column, inline styles, no images, no scripts; every value escaped).
import { escapeHtml } from '../escape-html.js';
import type { Block, VoterMessage } from './messages.js';

function textBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(Math.min(b.text.length, 60))}`;
    case 'button':
      return `${b.text}:\n${b.href}`;
    case 'steps':
      return b.items.map((s, i) => `${i + 1}. ${s.title}\n   ${s.body}`).join('\n\n');
    case 'address':
      return b.lines.map((l) => `    ${l}`).join('\n');
  }
}

export function renderText(m: VoterMessage): string {
  return `${[...m.blocks.map(textBlock), '--', m.footer, `${m.stopText}: ${m.stopHref}`].join('\n\n')}\n`;
}

const e = escapeHtml;
const P = 'margin:0 0 16px;font-size:16px;line-height:1.5;';

function htmlBlock(b: Block): string {
  switch (b.kind) {
    case 'p':
      return `<p style="${P}">${e(b.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px;font-size:20px;line-height:1.3;">${e(b.text)}</h2>`;
    case 'button':
      return (
        `<p style="${P}"><a href="${e(b.href)}" style="display:inline-block;padding:12px 20px;background:#005ea2;color:#ffffff;` +
        `text-decoration:none;border-radius:4px;font-weight:bold;">${e(b.text)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#555555;word-break:break-all;">${e(b.href)}</p>`
      );
    case 'steps':
      return `<ol style="margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.5;">${b.items
        .map((s) => `<li style="margin-bottom:8px;"><strong>${e(s.title)}</strong><br>${e(s.body)}</li>`)
        .join('')}</ol>`;
    case 'address':
      return `<p style="${P}padding:12px;border-left:4px solid #005ea2;background:#f0f0f0;">${b.lines.map(e).join('<br>')}</p>`;
  }
}

export function renderHtml(m: VoterMessage): string {
  return [
    `<!DOCTYPE html><html lang="${m.lang}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(m.subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#ffffff;color:#1b1b1b;font-family:Arial,Helvetica,sans-serif;">',
    '<div style="max-width:600px;margin:0 auto;padding:24px 16px;">',
    ...m.blocks.map(htmlBlock),
    '<hr style="border:0;border-top:1px solid #dfe1e2;margin:24px 0;">',
    `<p style="margin:0 0 8px;font-size:13px;color:#555555;">${e(m.footer)}</p>`,
    `<p style="margin:0;font-size:13px;"><a href="${e(m.stopHref)}" style="color:#005ea2;">${e(m.stopText)}</a></p>`,
    '</div></body></html>',
  ].join('\n');
}
