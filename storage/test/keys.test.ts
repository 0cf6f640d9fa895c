// Keys never leave a volume's root: string checks before any path is built, and symlinks inside
// a volume are never followed (lstat on every directory, O_NOFOLLOW on the file).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { InvalidKey, keySegments, NotFoundInStorage, sha256 } from '../src/index.js';
import { BAD_KEYS } from '../src/testing/contract.js';
import { rig, type Rig } from '../src/testing/harness.js';

describe('key validation', { timeout: 60_000 }, () => {
  it('accepts the key shapes the app uses', () => {
    assert.deepEqual(keySegments('pdfs/2026/11/25/0b6f1c2e-9a4d.pdf'), ['pdfs', '2026', '11', '25', '0b6f1c2e-9a4d.pdf']);
    assert.deepEqual(keySegments('logos/partner_12.png'), ['logos', 'partner_12.png']);
    // Partner logos (server/partners/logo-store.ts): partner-logos/<partner id>/<sha256>.png
    const sha = 'ab'.repeat(32);
    assert.deepEqual(keySegments(`partner-logos/0f1e2d3c4b5a69788796a5b4c3d2e1f0/${sha}.png`), [
      'partner-logos',
      '0f1e2d3c4b5a69788796a5b4c3d2e1f0',
      `${sha}.png`,
    ]);
    for (const escape of [
      `partner-logos/../${sha}.png`,
      `partner-logos/x/../../${sha}.png`,
      `/partner-logos/x/${sha}.png`,
      `partner-logos/.x/${sha}.png`,
      `partner-logos/x\\..\\${sha}.png`,
    ]) {
      assert.throws(() => keySegments(escape), InvalidKey, escape);
    }
  });

  it('rejects every escape attempt', () => {
    for (const key of BAD_KEYS) assert.throws(() => keySegments(key), InvalidKey, JSON.stringify(key));
  });

  it('no accepted key contains a component that could leave the root', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (key) => {
        let segments: string[];
        try {
          segments = keySegments(key);
        } catch (error) {
          return error instanceof InvalidKey;
        }
        return !key.startsWith('/') && segments.every((s) => s !== '' && s !== '..' && s !== '.' && !s.includes('\\') && !s.includes('\0'));
      }),
    );
  });
});

describe('symlinks inside a volume', () => {
  let r: Rig;
  let outside: string;
  afterEach(async () => {
    await r.close();
    rmSync(outside, { recursive: true, force: true });
  });

  const setup = (): void => {
    r = rig({ a: 1 });
    outside = mkdtempSync(join(tmpdir(), 'rollcall-outside-'));
    writeFileSync(join(outside, 'secret.pdf'), 'secret');
  };

  it('a directory symlink is refused for writes and nothing lands outside the root', async () => {
    setup();
    symlinkSync(outside, join(r.dir('a1'), 'pdfs'));
    await assert.rejects(r.storage.put('pdfs/x.pdf', Buffer.from('x')), InvalidKey);
    assert.equal(existsSync(join(outside, 'x.pdf')), false);
  });

  it('a directory symlink is not followed for reads, exists or list', async () => {
    setup();
    symlinkSync(outside, join(r.dir('a1'), 'pdfs'));
    await assert.rejects(r.storage.get('pdfs/secret.pdf', sha256(Buffer.from('secret'))), NotFoundInStorage);
    await assert.rejects(r.storage.exists('pdfs/secret.pdf'), InvalidKey);
    assert.deepEqual(await r.storage.list(''), []);
  });

  it('a file symlink is never read through, and a put replaces the link, not its target', async () => {
    setup();
    mkdirSync(join(r.dir('a1'), 'pdfs'));
    symlinkSync(join(outside, 'secret.pdf'), join(r.dir('a1'), 'pdfs', 'link.pdf'));
    await assert.rejects(r.storage.get('pdfs/link.pdf', sha256(Buffer.from('secret'))), NotFoundInStorage);
    const { sha256: sha } = await r.storage.put('pdfs/link.pdf', Buffer.from('new'));
    assert.equal(readFileSync(join(outside, 'secret.pdf'), 'utf8'), 'secret');
    assert.equal((await r.storage.get('pdfs/link.pdf', sha)).toString(), 'new');
  });
});
