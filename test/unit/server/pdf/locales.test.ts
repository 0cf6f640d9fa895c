// Every printed label exists in both languages (views/locales/pdf/{en,es}.json).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pdfStrings } from '../../../../server/pdf/strings.js';
import { notInWinAnsi } from '../../../../server/pdf/charset.js';

type Tree = { [key: string]: unknown };

function shape(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return [`${at}[${value.length > 0 && Array.isArray(value[0]) ? 'lines' : 'list'}]`];
  if (value && typeof value === 'object') return Object.entries(value as Tree).flatMap(([key, child]) => shape(child, at ? `${at}.${key}` : key));
  return [at];
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

describe('PDF locale files', () => {
  it('have the same keys in English and Spanish', () => {
    assert.deepEqual(shape(pdfStrings('es')), shape(pdfStrings('en')));
  });

  it('have the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    const en = pdfStrings('en').instructions;
    const es = pdfStrings('es').instructions;
    for (const key of Object.keys(en) as Array<keyof typeof en>) {
      assert.deepEqual(leaves(es[key]).flatMap(placeholders), leaves(en[key]).flatMap(placeholders), key);
    }
  });

  it("only use characters the form's Helvetica can print (WinAnsi), and no empty labels", () => {
    for (const lang of ['en', 'es'] as const) {
      for (const text of leaves(pdfStrings(lang))) {
        assert.deepEqual(notInWinAnsi(text), [], `${lang}: ${text}`);
        assert.ok(text.trim().length > 0 || text === '', `${lang}: blank label`);
      }
    }
  });
});
