// GET /widget.js: the one tag partners paste. Read once at start, served with an ETag and an hour
// of caching, and marked loadable from any site (helmet's default CORP would block it).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Router } from 'express';
import { paths } from '../paths.js';
import { projectPath } from '../project-root.js';

export function widgetRoutes(): Router {
  const router = Router();
  const body = fs.readFileSync(projectPath('views', 'static', 'widget.js'));
  const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  router.get(paths.widget, (req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=3600');
    res.setHeader('ETag', etag);
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.type('text/javascript; charset=utf-8');
    if (req.get('if-none-match') === etag) return res.status(304).end();
    res.send(body);
  });
  return router;
}
