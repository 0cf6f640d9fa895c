// Re-sealing after a key rotation (`rollcall keys reseal`, docs/deploy.md "Rotating APP_KEY"): every
// sealed column is read in batches in primary-key order, and each value not yet sealed under the
// current key in the current format is opened (with the key it names, or by trying each configured
// key for the old format) and sealed again under APP_KEY.
// - Idempotent and resumable: nothing is remembered between runs; a value already current is
//   counted and left alone, so a run killed half-way is simply run again.
// - Safe while nodes serve: each write is a compare-and-set (the owner module's `replace` writes
//   only where the column still holds the value that was read), so a value a node changed meanwhile
//   is never overwritten with the old one; it is read once more and judged again.
// - A value no configured key opens is counted as failed (its column and row named, never its
//   content) and left as it is; the caller exits non-zero.
// - A column that held plain text before it was sealed (issue 16, ASVS 6.1.1: voters' personal
//   data) says so (`plaintext`): its plain values are sealed by the same run, so upgrading a
//   database is one command. The owner's `replace` gets the plain text too, to rewrite a blind index.
// The columns come from their owner modules (each table is written only by its owner).
import type { Knex } from 'knex';
import { isSealedValue, SealedValueError, type FieldCipher } from './field-cipher.js';

type RowKey = string | number;

/** One sealed column, described by the module that owns its table. */
export interface SealedColumn {
  table: string;
  column: string;
  /** The table's primary key (one column), the order the batches walk in. */
  key: string;
  /** Plain values may be there (written before the column was sealed): seal them. */
  plaintext?: boolean;
  /**
   * Writes `to` where the row's column still holds `from`; whether it did. `opened` is the value's
   * plain text and the cipher, for an owner that keeps a blind index of the column beside it.
   */
  replace(trx: Knex.Transaction, key: RowKey, from: string, to: string, opened: { plain: string; cipher: FieldCipher }): Promise<boolean>;
}

export interface ColumnCounts {
  column: string;
  /** Sealed again under the current key (with dryRun: would be). */
  resealed: number;
  alreadyCurrent: number;
  failed: number;
}

export interface ResealReport {
  dryRun: boolean;
  /** The current key's id: every value now names it. */
  keyId: string;
  columns: ColumnCounts[];
  resealed: number;
  alreadyCurrent: number;
  failed: number;
}

export interface ResealOptions {
  dryRun?: boolean;
  batchSize?: number;
  /** Told about each value that cannot be opened: where it is and why (no content). */
  onFailure?: (where: string, reason: string) => void;
}

export async function resealAll(
  db: Knex,
  cipher: FieldCipher,
  columns: readonly SealedColumn[],
  options: ResealOptions = {},
): Promise<ResealReport> {
  const dryRun = options.dryRun ?? false;
  const batchSize = options.batchSize ?? 500;
  const report: ResealReport = { dryRun, keyId: cipher.keyId, columns: [], resealed: 0, alreadyCurrent: 0, failed: 0 };
  for (const col of columns) {
    const counts: ColumnCounts = { column: `${col.table}.${col.column}`, resealed: 0, alreadyCurrent: 0, failed: 0 };
    /** Judges one value: its new text to write, or undefined (current, or failed: counted here). */
    const judge = (key: RowKey, sealed: string): { to: string; plain: string } | undefined => {
      if (col.plaintext && !isSealedValue(sealed)) return { to: cipher.encrypt(sealed), plain: sealed };
      try {
        const { value, changed, plain } = cipher.reseal(sealed);
        if (!changed) counts.alreadyCurrent++;
        return changed ? { to: value, plain } : undefined;
      } catch (err) {
        if (!(err instanceof SealedValueError)) throw err;
        counts.failed++;
        options.onFailure?.(`${counts.column}, row ${col.key} = ${key}`, err.message);
        return undefined;
      }
    };
    const read = (query: Knex.QueryBuilder) =>
      query.select({ key: col.key, sealed: col.column }).whereNotNull(col.column) as unknown as Promise<
        Array<{ key: RowKey; sealed: string }>
      >;

    let after: RowKey | undefined;
    for (;;) {
      const rows = await read(
        db(col.table)
          .modify((q) => {
            if (after !== undefined) void q.where(col.key, '>', after);
          })
          .orderBy(col.key)
          .limit(batchSize),
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.key;
      let pending = rows.flatMap((r) => {
        const judged = judge(r.key, r.sealed);
        return judged === undefined ? [] : [{ key: r.key, from: r.sealed, ...judged }];
      });
      if (dryRun) {
        counts.resealed += pending.length;
        continue;
      }
      // A value a node changed between the read and the write: read again and judged again (twice at most).
      for (let attempt = 0; pending.length > 0 && attempt < 3; attempt++) {
        const lost: RowKey[] = [];
        await db.transaction(async (trx) => {
          for (const p of pending) {
            if (await col.replace(trx, p.key, p.from, p.to, { plain: p.plain, cipher })) counts.resealed++;
            else lost.push(p.key);
          }
        });
        if (lost.length === 0) {
          pending = [];
          break;
        }
        const again = await read(db(col.table).whereIn(col.key, lost));
        pending = again.flatMap((r) => {
          const judged = judge(r.key, r.sealed);
          return judged === undefined ? [] : [{ key: r.key, from: r.sealed, ...judged }];
        });
      }
      for (const p of dryRun ? [] : pending) {
        counts.failed++;
        options.onFailure?.(
          `${counts.column}, row ${col.key} = ${p.key}`,
          'changed by the servers at every attempt; run the command again',
        );
      }
    }
    report.columns.push(counts);
    report.resealed += counts.resealed;
    report.alreadyCurrent += counts.alreadyCurrent;
    report.failed += counts.failed;
  }
  return report;
}
