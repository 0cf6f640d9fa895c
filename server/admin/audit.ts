// The audit log: who looked at or downloaded which personal data, when and from where.
// Append-only (the database refuses UPDATE and DELETE on the table); searchable by person,
// action, target and time, newest first, keyset-paginated.
import type { Db } from '../db/connect.js';
import type { Clock } from '../clock.js';

export type AuditAction =
  | 'search'
  | 'view_registration'
  | 'download_pdf'
  | 'download_zip'
  | 'partner_create'
  | 'partner_approve'
  | 'partner_disable'
  | 'partner_rotate_key'
  | 'storage_verify'
  | 'print_batch_create'
  | 'print_batch_view'
  | 'print_batch_pdf'
  | 'print_batch_zip'
  | 'print_batch_mailed'
  | 'print_reprint'
  | 'print_settings'
  | 'office_correct'
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'partner_login'
  | 'partner_export'
  | 'password_change'
  | 'second_factor_reset'
  | 'security_key_add'
  | 'security_key_rename'
  | 'security_key_remove'
  | 'erase_registration';

export const AUDIT_ACTIONS: AuditAction[] = [
  'search',
  'view_registration',
  'download_pdf',
  'download_zip',
  'partner_create',
  'partner_approve',
  'partner_disable',
  'partner_rotate_key',
  'storage_verify',
  'print_batch_create',
  'print_batch_view',
  'print_batch_pdf',
  'print_batch_zip',
  'print_batch_mailed',
  'print_reprint',
  'print_settings',
  'office_correct',
  'login',
  'login_failed',
  'logout',
  'partner_login',
  'partner_export',
  'password_change',
  'second_factor_reset',
  'security_key_add',
  'security_key_rename',
  'security_key_remove',
  'erase_registration',
];

export interface AuditEntry {
  id: number;
  at: number;
  user_id: number;
  user_email: string;
  action: AuditAction;
  target: string | null;
  detail: string | null;
  client: string | null;
}

export interface AuditQuery {
  email?: string;
  action?: string;
  target?: string;
  from?: number;
  to?: number;
  before?: number;
}

export const AUDIT_PAGE = 50;

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async record(
    who: { id: number; email: string },
    action: AuditAction,
    target: string | null,
    client: string,
    detail?: string,
    /** The caller's transaction, when the audited change commits with its entry. */
    db: Db = this.db,
  ): Promise<void> {
    await db('audit_log').insert({
      at: this.clock.now(),
      user_id: who.id,
      user_email: who.email,
      action,
      target: target?.slice(0, 200) ?? null,
      detail: detail?.slice(0, 2000) ?? null,
      client: client.slice(0, 64),
    });
  }

  async search(q: AuditQuery): Promise<{ entries: AuditEntry[]; next: number | null }> {
    const query = this.db<AuditEntry>('audit_log').select('*');
    if (q.email) query.where('user_email', q.email.trim().toLowerCase());
    if (q.action) query.where('action', q.action);
    if (q.target) query.where('target', q.target.trim());
    if (q.from !== undefined) query.where('at', '>=', q.from);
    if (q.to !== undefined) query.where('at', '<', q.to);
    if (q.before !== undefined) query.where('id', '<', q.before);
    const rows = (await query.orderBy('id', 'desc').limit(AUDIT_PAGE + 1)) as AuditEntry[];
    const more = rows.length > AUDIT_PAGE;
    const entries = rows.slice(0, AUDIT_PAGE);
    return { entries, next: more ? entries[entries.length - 1]!.id : null };
  }
}
