// The audit log page (admins only): who viewed or downloaded what, when and from where.
import { Router, type RequestHandler } from 'express';
import { paths } from '../paths.js';
import { AUDIT_ACTIONS, type AuditLog } from './audit.js';
import type { AdminPage } from './page.js';
import { formField, type FormBody } from '../http/form.js';

function day(value: string): number | undefined {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? Date.parse(value) : undefined;
}

export function auditRoutes(page: AdminPage, audit: AuditLog, adminOnly: RequestHandler): Router {
  const router = Router();
  router.get(paths.admin.audit, adminOnly, async (req, res) => {
    const q = req.query as FormBody;
    const form = {
      email: formField(q, 'email', { max: 320 }),
      action: formField(q, 'action', { max: 32 }),
      target: formField(q, 'target', { max: 200 }),
      from: formField(q, 'from', { max: 10 }),
      to: formField(q, 'to', { max: 10 }),
    };
    const action = (AUDIT_ACTIONS as string[]).includes(form.action) ? form.action : undefined;
    const to = day(form.to);
    const asked = formField(q, 'before', { max: 200 });
    const before = /^\d{1,12}$/.test(asked) ? Number(asked) : undefined;
    const { entries, next } = await audit.search({
      email: form.email || undefined,
      action,
      target: form.target || undefined,
      from: day(form.from),
      to: to === undefined ? undefined : to + 86_400_000,
      before,
    });
    const qs = new URLSearchParams(Object.entries(form).filter(([, v]) => v)).toString();
    page(res, 'audit.njk', {
      form,
      actions: AUDIT_ACTIONS,
      entries: entries.map((e) => ({ ...e, when: new Date(Number(e.at)).toISOString().replace('T', ' ').slice(0, 19) })),
      nextHref: next ? `${paths.admin.audit}?${qs}${qs ? '&' : ''}before=${next}` : null,
      firstHref: before ? `${paths.admin.audit}?${qs}` : null,
    });
  });
  return router;
}
