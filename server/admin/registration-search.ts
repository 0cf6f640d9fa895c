// Registration search for the admin side. Filters: name, email, ZIP, state, partner, date range
// (UTC days, on created_at), status, and "submitted faster than a person can" (registrations/pace.ts). Newest first, keyset-paginated on (created_at, id): a page
// costs the same on row 50 or row 900,000. Every filter has an index that also serves the order
// (migrations/20261125100001_admin.ts); test/unit/server/admin/search-plan.test.ts checks the plans.
// Names and emails are sealed at rest (registrations/registration-records.ts): they are matched
// exactly (any case) through their blind indexes (`*_hmac`), and each row shown is opened by the
// table's owner.
import type { Knex } from 'knex';
import type { PersonalColumns, RegistrationRecords } from '../registrations/registration-records.js';
import type { Db } from '../db/connect.js';
import { STATE_CODES } from './states.js';
import { isEmailAddress } from '../email-address.js';
import { formField } from '../http/form.js';

/** The partner filter's choices (every partner, by name). */
export async function partnerChoices(db: Db): Promise<Array<{ value: string; label: string }>> {
  return ((await db('partners').select('id', 'name').orderBy('name').limit(2000)) as Array<{ id: string; name: string }>).map((p) => ({
    value: p.id,
    label: p.name,
  }));
}

export const STATUSES = ['in_progress', 'accepted', 'pdf_ready', 'purged'] as const;
export const PAGE_SIZE = 50;

/** What the search needs of the table's owner: blind indexes to look for, and opening the rows it shows. */
export type SealedSearch = Pick<RegistrationRecords, 'blindIndexes' | 'open'>;

export interface SearchFilter {
  /** The name's or email's blind indexes (one per configured key: a rotation finds rows under either). */
  lastName?: string[];
  firstName?: string[];
  email?: string[];
  zip?: string;
  state?: string;
  partner?: string;
  status?: string;
  /** Only registrations flagged too fast (ASVS 11.1.2). */
  tooFast?: boolean;
  /** created_at >= from (epoch ms) */
  from?: number;
  /** created_at < to (epoch ms; the day after the "to" date) */
  to?: number;
}

export interface Cursor {
  createdAt: number;
  id: number;
}

/** The form's values as typed, to show them again. */
export type FilterForm = Record<'name' | 'email' | 'zip' | 'state' | 'partner' | 'status' | 'pace' | 'from' | 'to', string>;

/** The pace filter's one value (the empty one is "any"). */
export const TOO_FAST = 'too_fast';

export interface ParsedFilter {
  filter: SearchFilter;
  form: FilterForm;
  /** field → message key (admin strings) */
  errors: Record<string, string>;
}

const DAY_MS = 86_400_000;

function day(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === value ? ms : undefined;
}

/** Reads the filter from a query string (or form body); bad values are reported, not guessed at. */
export function parseFilter(q: Record<string, unknown>, sealed: Pick<SealedSearch, 'blindIndexes'>): ParsedFilter {
  const form: FilterForm = {
    name: formField(q, 'name', { max: 120 }),
    email: formField(q, 'email', { max: 320 }),
    zip: formField(q, 'zip', { max: 10 }),
    state: formField(q, 'state', { max: 2 }).toUpperCase(),
    partner: formField(q, 'partner', { max: 32 }),
    status: formField(q, 'status', { max: 16 }),
    pace: formField(q, 'pace', { max: 16 }),
    from: formField(q, 'from', { max: 10 }),
    to: formField(q, 'to', { max: 10 }),
  };
  const filter: SearchFilter = {};
  const errors: Record<string, string> = {};
  if (form.name) {
    // "Garcia", "Maria Garcia" or "Garcia, Maria": the last name is matched exactly (any case).
    const [last, first] = form.name.includes(',') ? form.name.split(',', 2).map((s) => s.trim()) : splitName(form.name);
    if (last) filter.lastName = sealed.blindIndexes(last);
    if (first) filter.firstName = sealed.blindIndexes(first);
  }
  if (form.email) {
    if (isEmailAddress(form.email)) filter.email = sealed.blindIndexes(form.email);
    else errors.email = 'search.errors.email';
  }
  if (form.zip) {
    if (/^\d{5}$/.test(form.zip)) filter.zip = form.zip;
    else errors.zip = 'search.errors.zip';
  }
  if (form.state) {
    if (STATE_CODES.includes(form.state)) filter.state = form.state;
    else errors.state = 'search.errors.state';
  }
  if (form.partner) {
    if (/^[0-9a-f]{32}$/.test(form.partner)) filter.partner = form.partner;
    else errors.partner = 'search.errors.partner';
  }
  if (form.status) {
    if ((STATUSES as readonly string[]).includes(form.status)) filter.status = form.status;
    else errors.status = 'search.errors.status';
  }
  if (form.pace) {
    if (form.pace === TOO_FAST) filter.tooFast = true;
    else errors.pace = 'passwordHelp.pace.invalid';
  }
  if (form.from) {
    const ms = day(form.from);
    if (ms === undefined) errors.from = 'search.errors.date';
    else filter.from = ms;
  }
  if (form.to) {
    const ms = day(form.to);
    if (ms === undefined) errors.to = 'search.errors.date';
    else filter.to = ms + DAY_MS;
  }
  if (filter.from !== undefined && filter.to !== undefined && filter.to <= filter.from) errors.to = 'search.errors.range';
  return { filter, form, errors };
}

function splitName(name: string): [string, string | undefined] {
  const words = name.split(/\s+/);
  if (words.length === 1) return [words[0]!, undefined];
  return [words[words.length - 1]!, words.slice(0, -1).join(' ')];
}

export function parseCursor(value: unknown): Cursor | undefined {
  const m = typeof value === 'string' ? /^(\d{1,15})\.(\d{1,12})$/.exec(value) : null;
  return m ? { createdAt: Number(m[1]), id: Number(m[2]) } : undefined;
}

export function formatCursor(c: Cursor): string {
  return `${c.createdAt}.${c.id}`;
}

/** The WHERE clause of a filter (and of a page's cursor), on a registrations query. */
export function applyFilter(query: Knex.QueryBuilder, f: SearchFilter, after?: Cursor): Knex.QueryBuilder {
  if (f.lastName) query.whereIn('last_name_hmac', f.lastName);
  if (f.firstName) query.whereIn('first_name_hmac', f.firstName);
  if (f.email) query.whereIn('email_hmac', f.email);
  if (f.zip) query.where('zip', f.zip);
  if (f.state) query.where('state_code', f.state);
  if (f.partner) query.where('partner_id', f.partner);
  if (f.status) query.where('status', f.status);
  if (f.tooFast) query.where('too_fast', true);
  if (f.from !== undefined) query.where('created_at', '>=', f.from);
  if (f.to !== undefined) query.where('created_at', '<', f.to);
  if (after) query.whereRaw('(created_at, id) < (?, ?)', [after.createdAt, after.id]);
  return query;
}

export const LIST_COLUMNS = [
  'id',
  'uid',
  'first_name',
  'last_name',
  'email',
  'zip',
  'state_code',
  'status',
  'partner_id',
  'channel',
  'created_at',
  'submitted_at',
  'pdf_ready_at',
  'too_fast',
] as const;

export interface ListRow {
  id: number;
  uid: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  zip: string | null;
  state_code: string | null;
  status: string;
  partner_id: string | null;
  channel: string;
  created_at: number;
  submitted_at: number | null;
  pdf_ready_at: number | null;
  too_fast: boolean | number;
}

export function pageQuery(
  db: Db,
  f: SearchFilter,
  after: Cursor | undefined,
  limit: number,
  columns: readonly string[] = LIST_COLUMNS,
): Knex.QueryBuilder {
  return applyFilter(db('registrations').select(...columns), f, after)
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit);
}

export async function searchPage(
  db: Db,
  sealed: SealedSearch,
  f: SearchFilter,
  after: Cursor | undefined,
): Promise<{ rows: ListRow[]; next: Cursor | null }> {
  const rows = (await pageQuery(db, f, after, PAGE_SIZE + 1)) as ListRow[];
  const page = rows.slice(0, PAGE_SIZE).map((r) => sealed.open(r));
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > PAGE_SIZE && last ? { createdAt: Number(last.created_at), id: last.id } : null };
}

export async function countMatches(db: Db, f: SearchFilter): Promise<number> {
  const [row] = (await applyFilter(db('registrations'), f).count({ n: '*' })) as Array<{ n: number | string }>;
  return Number(row?.n ?? 0);
}

/** Every matching row (opened), in pages of `batch`, never more than one page in memory. */
export async function* eachMatch<T extends { id: number; created_at: number } & PersonalColumns>(
  db: Db,
  sealed: Pick<SealedSearch, 'open'>,
  f: SearchFilter,
  batch: number,
  columns: readonly string[] = ['*'],
  start?: Cursor,
  max = Infinity,
): AsyncGenerator<T> {
  let after: Cursor | undefined = start;
  let left = max;
  for (;;) {
    const rows = (await pageQuery(db, f, after, Math.min(batch, left), columns)) as T[];
    for (const row of rows) yield sealed.open(row);
    left -= rows.length;
    if (rows.length < batch || left <= 0) return;
    const last = rows[rows.length - 1]!;
    after = { createdAt: Number(last.created_at), id: last.id };
  }
}

/** Which filter fields were used, without their values (names and emails stay out of the audit log). */
export function describeFilter(f: SearchFilter): string {
  const parts: string[] = [];
  if (f.lastName || f.firstName) parts.push('name=…');
  if (f.email) parts.push('email=…');
  if (f.zip) parts.push('zip=…');
  if (f.state) parts.push(`state=${f.state}`);
  if (f.partner) parts.push(`partner=${f.partner}`);
  if (f.status) parts.push(`status=${f.status}`);
  if (f.tooFast) parts.push(`pace=${TOO_FAST}`);
  if (f.from !== undefined) parts.push(`from=${new Date(f.from).toISOString().slice(0, 10)}`);
  if (f.to !== undefined) parts.push(`to=${new Date(f.to - DAY_MS).toISOString().slice(0, 10)}`);
  return parts.join(' ') || 'all';
}

/** The filter as a query string (for page links and the bulk download form). */
export function filterQuery(form: FilterForm): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) params.set(k, v);
  return params.toString();
}

/** Where each part of a large selection starts: part 1 at the top, part k after the (k-1)·size-th row. */
export async function partStarts(db: Db, f: SearchFilter, count: number, size: number): Promise<Array<Cursor | undefined>> {
  const starts: Array<Cursor | undefined> = [undefined];
  for (let k = 1; k * size < count; k++) {
    const [row] = (await pageQuery(db, f, undefined, 1, ['created_at', 'id']).offset(k * size - 1)) as Array<{
      created_at: number;
      id: number;
    }>;
    if (!row) break;
    starts.push({ createdAt: Number(row.created_at), id: row.id });
  }
  return starts;
}
