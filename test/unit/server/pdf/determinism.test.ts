// Same registration, same bytes: the stored sha256 identifies the correct file (DESIGN.md).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it, mock } from 'node:test';
import { createPdfRenderer } from '../../../../server/pdf/pool.js';
import { renderRegistrationPdf } from '../../../../server/pdf/render.js';
import { californiaVoter, texasVoter } from '../../../../support/pdf-voters.js';
import { extractText } from '../../../support/pdf-text.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('deterministic rendering', () => {
  it('renders the same registration to identical bytes, in both languages', () => {
    for (const reg of [californiaVoter, texasVoter]) {
      assert.equal(sha256(renderRegistrationPdf(reg)), sha256(renderRegistrationPdf(structuredClone(reg))));
    }
  });

  it('does not depend on the clock', () => {
    const now = renderRegistrationPdf(californiaVoter);
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2031-01-01T00:00:00Z') });
    try {
      assert.ok(renderRegistrationPdf(californiaVoter).equals(now));
    } finally {
      mock.timers.reset();
    }
  });

  it('dates the file with submittedAt, and the trailer /ID follows it', async () => {
    const pdf = renderRegistrationPdf(californiaVoter);
    const { info } = await extractText(pdf);
    assert.equal(info.CreationDate, 'D:20261005174210Z');
    assert.equal(info.ModDate, 'D:20261005174210Z');
    const later = renderRegistrationPdf({ ...californiaVoter, submittedAt: '2026-10-06T08:00:00.000Z' });
    const trailerId = (bytes: Buffer) => /\/ID \[(<[0-9a-f]+>)/.exec(bytes.toString('latin1'))?.[1];
    assert.ok(trailerId(pdf));
    assert.notEqual(trailerId(later), trailerId(pdf));
  });

  it('differs when an answer differs', () => {
    assert.ok(!renderRegistrationPdf(californiaVoter).equals(renderRegistrationPdf({ ...californiaVoter, firstName: 'Margaretha' })));
  });

  it('does not depend on what the process rendered before (the answer font is shared)', async () => {
    // A fresh render thread meets these letters first; here, letters that share their glyphs or
    // hold them as parts ("Ñ" is built from "N", "ǰ" from "ȷ"; µ and μ look alike) come first.
    const reg = { ...texasVoter, firstName: 'Nina ȷ µ', lastName: 'Nuñez-Nowak' };
    for (const lastName of ['Ñandú Ǹǹ ǰ', 'μ Μ Ķ']) renderRegistrationPdf({ ...texasVoter, lastName });
    const here = renderRegistrationPdf(reg);
    const renderer = createPdfRenderer({ threads: 1 });
    try {
      assert.ok((await renderer.render(reg)).equals(here));
    } finally {
      await renderer.close();
    }
  });

  it('rejects a submittedAt that is not a date instead of stamping "now"', () => {
    assert.throws(() => renderRegistrationPdf({ ...californiaVoter, submittedAt: 'yesterday' }), RangeError);
  });
});

describe('worker-thread pool', () => {
  const renderer = createPdfRenderer({ threads: 2 });
  after(() => renderer.close());

  it('returns the same bytes as rendering in-thread, for concurrent renders', async () => {
    const regs = [californiaVoter, texasVoter, californiaVoter, texasVoter, californiaVoter];
    const pdfs = await Promise.all(regs.map((reg) => renderer.render(reg)));
    pdfs.forEach((pdf, index) => {
      assert.ok(Buffer.isBuffer(pdf));
      assert.ok(pdf.equals(renderRegistrationPdf(regs[index] ?? californiaVoter)), `render ${index}`);
    });
  });

  it('passes a render error back as a rejection and keeps working', async () => {
    await assert.rejects(renderer.render({ ...californiaVoter, submittedAt: 'not a date' }), /not a valid date/);
    assert.ok((await renderer.render(texasVoter)).equals(renderRegistrationPdf(texasVoter)));
  });
});

describe('closing the pool', () => {
  it('finishes the renders already asked for, then refuses new ones', async () => {
    const renderer = createPdfRenderer({ threads: 1 });
    const pending = [californiaVoter, texasVoter, californiaVoter].map((reg) => renderer.render(reg));
    await renderer.close();
    const pdfs = await Promise.all(pending);
    assert.ok(pdfs.every((pdf) => pdf.subarray(0, 5).toString('latin1') === '%PDF-'));
    await assert.rejects(renderer.render(californiaVoter), /closed/);
  });

  it('replaces its threads every recycleAfter renders without losing or changing a render', async () => {
    // More renders in flight than threads, so each retiring pool still has tasks queued (piscina's
    // own close() would reject those).
    const renderer = createPdfRenderer({ threads: 2, recycleAfter: 5 });
    const regs = Array.from({ length: 11 }, (_, i) => (i % 2 ? texasVoter : californiaVoter));
    const pdfs = await Promise.all(regs.map((reg) => renderer.render(reg)));
    assert.equal(renderer.generation, 2);
    pdfs.forEach((pdf, i) => assert.ok(pdf.equals(renderRegistrationPdf(regs[i]!)), `render ${i}`));
    await renderer.close();
  });

  it('rejects a thread count that is not a positive integer', () => {
    assert.throws(() => createPdfRenderer({ threads: 0 }), RangeError);
  });
});
