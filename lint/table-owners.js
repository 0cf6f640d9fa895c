// Lint rules for the database seams (docs/architecture.md, "Who writes each table"):
// - `table-owner`: a knex write (insert, update, delete, merge…) naming a table may appear only in
//   that table's owner module, so a newcomer finds any table's writes in one file;
// - `no-sql-in-routes`: a route file issues no SQL (no `db(…)`, `trx(…)`, `ctx.db(…)`, `.raw`,
//   `.transaction`) and does not reach the group commit through the job queue; routes call
//   services, and reports read through their area's query module.
// Reads are not checked by `table-owner`: report modules read several tables by design.
import path from 'node:path';

/** table -> the one file that writes it (paths from the repository root). */
export const TABLE_OWNERS = {
  registrations: 'server/registrations/registration-records.ts',
  partners: 'server/partners/partner-records.ts',
  api_keys: 'server/partners/partner-records.ts',
  jobs: 'server/jobs/queue.ts',
  download_links: 'server/registrations/download-links.ts',
  idempotency_keys: 'server/registrations/idempotency.ts',
  registration_survey: 'server/registrations/survey-records.ts',
  partner_questions: 'server/partners/questions.ts',
  webhook_deliveries: 'server/partners/webhooks.ts',
  storage_repairs: 'server/storage-host/repair-queue.ts',
  rate_limits: 'server/http/rate-limit.ts',
  locks: 'server/jobs/locks.ts',
  users: 'server/auth/users.ts',
  sessions: 'server/auth/sessions.ts',
  password_resets: 'server/auth/password-resets.ts',
  webauthn_credentials: 'server/auth/security-keys.ts',
  audit_log: 'server/admin/audit.ts',
  storage_samples: 'server/admin/storage-samples.ts',
  admin_tasks: 'server/admin/verify-task.ts',
  voter_mail: 'server/mail/voter-mail.ts',
  print_requests: 'server/print/print-queue.ts',
  print_batches: 'server/print/print-queue.ts',
  print_batch_items: 'server/print/print-queue.ts',
  print_settings: 'server/print/print-queue.ts',
  voter_mail_follow_ups: 'server/mail/voter-mail.ts',
  voter_mail_links: 'server/mail/mail-links.ts',
  election_office_corrections: 'server/offices/corrections.ts',
};

const WRITES = new Set(['insert', 'update', 'delete', 'del', 'merge', 'upsert', 'increment', 'decrement', 'truncate']);

/** The call that names the table in a builder chain (`db('t')`, `trx('t')`, `this.db('t')`), if any. */
function tableCall(node) {
  let current = node;
  while (current && current.type === 'CallExpression') {
    const callee = current.callee;
    const first = current.arguments[0];
    const named = first && first.type === 'Literal' && typeof first.value === 'string';
    if (
      named &&
      (callee.type === 'Identifier' ||
        (callee.type === 'MemberExpression' && callee.property.type === 'Identifier' && callee.property.name === 'db'))
    ) {
      return { node: current, table: first.value.trim().split(/\s+/)[0] };
    }
    if (callee.type !== 'MemberExpression') return undefined;
    current = callee.object;
  }
  return undefined;
}

const relative = (context) => path.relative(context.cwd, context.filename).split(path.sep).join('/');

const tableOwner = {
  meta: { type: 'problem', docs: { description: "only a table's owner module writes it" }, schema: [] },
  create(context) {
    const file = relative(context);
    const reported = new Set();
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.property.type !== 'Identifier' || !WRITES.has(callee.property.name)) return;
        const found = tableCall(callee.object);
        if (!found || reported.has(found.node)) return;
        const owner = TABLE_OWNERS[found.table];
        if (!owner || owner === file) return;
        reported.add(found.node);
        context.report({
          node,
          message: `'${found.table}' is written only by ${owner} (docs/architecture.md, "Who writes each table"); call its owner.`,
        });
      },
    };
  },
};

const noSqlInRoutes = {
  meta: { type: 'problem', docs: { description: 'route files issue no SQL and do not reach into the group commit' }, schema: [] },
  create(context) {
    const report = (node, what) =>
      context.report({ node, message: `${what} in a route file: call the area's service or query module instead.` });
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && (callee.name === 'db' || callee.name === 'trx')) report(node, `SQL (${callee.name}(…))`);
        if (callee.type === 'MemberExpression' && callee.property.type === 'Identifier') {
          if (callee.property.name === 'db') report(node, 'SQL (….db(…))');
          const target = callee.object;
          if (
            ['raw', 'transaction'].includes(callee.property.name) &&
            (target.type === 'Identifier'
              ? target.name === 'db'
              : target.type === 'MemberExpression' && target.property.type === 'Identifier' && target.property.name === 'db')
          ) {
            report(node, `SQL (db.${callee.property.name})`);
          }
        }
      },
      MemberExpression(node) {
        if (
          node.property.type === 'Identifier' &&
          node.property.name === 'commits' &&
          node.object.type === 'MemberExpression' &&
          node.object.property.type === 'Identifier' &&
          node.object.property.name === 'queue'
        ) {
          report(node, 'The group commit reached through the job queue (use the one from db/, ctx.commits, through a service)');
        }
      },
    };
  },
};

export default { rules: { 'table-owner': tableOwner, 'no-sql-in-routes': noSqlInRoutes } };
