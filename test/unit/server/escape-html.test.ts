// The one HTML escaper: every character that can end a text node or a quoted attribute value,
// the apostrophe included (the partner chart's escaper once left it out).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml } from '../../../server/escape-html.js';
import { dayChartSvg } from '../../../server/partners/chart.js';

describe('escapeHtml', () => {
  it('escapes & < > " and \'', () => {
    assert.equal(escapeHtml(`a&b<c>d"e'f`), 'a&#38;b&#60;c&#62;d&#34;e&#39;f');
  });

  it('leaves other text as it is', () => {
    assert.equal(escapeHtml('Año 2026 — ok'), 'Año 2026 — ok');
  });

  it("is what the partner chart uses: a label with ' cannot close an attribute", () => {
    const svg = dayChartSvg([{ day: '2026-10-01', started: 2, completed: 1 }], 'c', () => `it's <b>`, {
      from: '2026-10-01',
      to: '2026-10-01',
    });
    assert.equal(svg.includes(`it's`), false);
    assert.equal(svg.includes('<b>'), false);
    assert.match(svg, /it&#39;s &#60;b&#62;/);
  });
});
