// The storage contract, as one suite. Every backend (local directories, fault-injected paths,
// real Gluster mounts) runs exactly these tests through a factory.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { InvalidKey, NotFoundInStorage, type ReplicatedStorage } from '../index.js';

export interface ContractHarness {
  storage: ReplicatedStorage;
  writeQuorum: number;
  volumeNames: string[];
  cleanup(): Promise<void>;
}

export const BAD_KEYS = [
  '',
  '/etc/passwd',
  '../outside.pdf',
  'pdfs/../../outside.pdf',
  'pdfs/2026/../../../x.pdf',
  'pdfs/./x.pdf',
  'pdfs//x.pdf',
  'pdfs/x.pdf/',
  'pdfs\\..\\x.pdf',
  'pdfs/x\0.pdf',
  '.hidden',
  'pdfs/.tmp-x.pdf',
  `pdfs/${'a'.repeat(200)}.pdf`,
  `pdfs/${'abcdefgh/'.repeat(60)}x.pdf`,
];

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
let counter = 0;
const freshKey = (): string => `pdfs/2026/11/25/contract-${process.pid}-${Date.now()}-${counter++}.pdf`;
const body = (n: number, size = 60 * 1024): Buffer => {
  const b = Buffer.alloc(size);
  b.write(`%PDF-1.7 ${n}\n`);
  for (let i = 16; i < size; i++) b[i] = (i ^ (n * 131)) & 0xff;
  return b;
};

export function storageContract(name: string, factory: () => Promise<ContractHarness>): void {
  describe(`storage contract: ${name}`, { timeout: 120_000 }, () => {
    let h: ContractHarness;
    before(async () => {
      h = await factory();
    });
    after(async () => {
      await h.cleanup();
    });

    it('put acknowledges at least the write quorum and returns the sha256', async () => {
      const bytes = body(1);
      const result = await h.storage.put(freshKey(), bytes);
      assert.equal(result.sha256, sha(bytes));
      assert.ok(result.acknowledged.length >= h.writeQuorum);
      assert.deepEqual([...result.acknowledged, ...result.missed].sort(), [...h.volumeNames].sort());
    });

    it('get returns exactly the bytes that were put', async () => {
      const key = freshKey();
      const bytes = body(2);
      const { sha256 } = await h.storage.put(key, bytes);
      assert.ok((await h.storage.get(key, sha256)).equals(bytes));
    });

    it('get of an unknown key is NotFoundInStorage', async () => {
      await assert.rejects(
        h.storage.get(freshKey(), sha(body(3))),
        (e: unknown) => e instanceof NotFoundInStorage && e.code === 'STORAGE_NOT_FOUND',
      );
    });

    it('get with the wrong checksum never returns the bytes', async () => {
      const key = freshKey();
      await h.storage.put(key, body(4));
      await assert.rejects(h.storage.get(key, sha(body(5))), NotFoundInStorage);
    });

    it('exists reflects put and delete', async () => {
      const key = freshKey();
      assert.equal(await h.storage.exists(key), false);
      await h.storage.put(key, body(6));
      assert.equal(await h.storage.exists(key), true);
      await h.storage.delete(key);
      assert.equal(await h.storage.exists(key), false);
    });

    it('delete of a missing key succeeds', async () => {
      await h.storage.delete(freshKey());
    });

    it('putting the same key again with the same bytes is idempotent', async () => {
      const key = freshKey();
      const bytes = body(7);
      const first = await h.storage.put(key, bytes);
      const second = await h.storage.put(key, bytes);
      assert.equal(first.sha256, second.sha256);
      assert.ok((await h.storage.get(key, first.sha256)).equals(bytes));
    });

    it('handles empty and odd-sized files', async () => {
      for (const bytes of [Buffer.alloc(0), Buffer.from([0]), body(8, 65_537)]) {
        const key = freshKey();
        const { sha256 } = await h.storage.put(key, bytes);
        assert.ok((await h.storage.get(key, sha256)).equals(bytes));
      }
    });

    it('concurrent puts all land', async () => {
      const items = Array.from({ length: 24 }, (_, i) => ({ key: freshKey(), bytes: body(100 + i) }));
      const results = await Promise.all(items.map((item) => h.storage.put(item.key, item.bytes)));
      for (const [i, item] of items.entries()) {
        assert.ok((await h.storage.get(item.key, (results[i] as { sha256: string }).sha256)).equals(item.bytes));
      }
    });

    it('list returns the keys under a prefix, and no temp or canary files', async () => {
      const dir = `pdfs/2026/10/${String(process.pid)}${counter++}`;
      await h.storage.put(`${dir}/a.pdf`, body(9));
      await h.storage.put(`${dir}/b.pdf`, body(10));
      await h.storage.put(`${dir}x/c.pdf`, body(11));
      assert.deepEqual(await h.storage.list(`${dir}/`), [`${dir}/a.pdf`, `${dir}/b.pdf`]);
      assert.deepEqual(await h.storage.list(dir), [`${dir}/a.pdf`, `${dir}/b.pdf`, `${dir}x/c.pdf`]);
      assert.deepEqual(await h.storage.list('nothing/here/'), []);
      assert.ok((await h.storage.list('')).every((k) => !k.split('/').some((s) => s.startsWith('.'))));
    });

    it('refuses keys that could leave the volume root, before touching anything', async () => {
      for (const key of BAD_KEYS) {
        const isInvalid = (e: unknown): boolean => e instanceof InvalidKey && e.code === 'STORAGE_INVALID_KEY';
        await assert.rejects(h.storage.put(key, body(12)), isInvalid, `put ${JSON.stringify(key)}`);
        await assert.rejects(h.storage.get(key, 'x'), isInvalid, `get ${JSON.stringify(key)}`);
        await assert.rejects(h.storage.exists(key), isInvalid, `exists ${JSON.stringify(key)}`);
        await assert.rejects(h.storage.delete(key), isInvalid, `delete ${JSON.stringify(key)}`);
      }
    });

    it('health lists every volume with its paths and the quorum', async () => {
      const health = h.storage.health();
      assert.equal(health.writeQuorum, h.writeQuorum);
      assert.deepEqual(
        health.volumes.map((v) => v.name),
        h.volumeNames,
      );
      assert.ok(health.volumes.every((v) => v.paths.length > 0));
      assert.equal(health.hasWriteQuorum, true);
    });

    it('verify finds what was written on every volume that acknowledged it', async () => {
      const key = freshKey();
      const { sha256, acknowledged } = await h.storage.put(key, body(13));
      const report = await h.storage.verify(
        {
          keys: async function* () {
            yield { key, sha256 };
          },
        },
        { repair: false },
      );
      assert.equal(report.keys, 1);
      assert.deepEqual(report.lost, []);
      const good = Object.values(report.volumes).reduce((n, v) => n + v.ok, 0);
      assert.ok(good >= 1, 'no good copy');
      for (const name of acknowledged) assert.equal(report.volumes[name]?.missing, 0, `volume ${name} acknowledged but misses the copy`);
    });
  });
}
