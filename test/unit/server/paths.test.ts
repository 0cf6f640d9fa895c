// Every path the app registers (routes and mounted middleware, in every nested router) is one
// http/paths.ts declares, so a link built from the names and the route it leads to cannot drift
// apart. A route written as a literal the table does not hold fails here.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { paths } from '../../../server/paths.js';
import { makeTestApp, type TestApp } from '../../support/app-fixture.js';

/** A parameter of a path function: it matches any one path part (express's `:name` included). */
const PARAM = '\u0000';

/** Each declaration as a regular expression over a registered path. */
function declared(node: unknown): RegExp[] {
  if (typeof node === 'string') return [pattern(node)];
  if (typeof node === 'function')
    return [pattern((node as (...args: string[]) => string)(...Array.from({ length: node.length }, () => PARAM)))];
  return Object.values(node as Record<string, unknown>).flatMap(declared);
}

function pattern(path: string): RegExp {
  const parts = path.split(PARAM).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

interface Layer {
  rawPath?: string;
  route?: { path: string };
  handle: { stack?: Layer[] };
}

/** Every path a layer of the router (or a router mounted in it) registers, with its mount prefix. */
function registered(stack: Layer[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) return [prefix + layer.route.path];
    const mount = layer.rawPath && layer.rawPath !== '/' ? prefix + layer.rawPath : prefix;
    const own = mount !== prefix ? [mount] : [];
    return layer.handle.stack ? [...own, ...registered(layer.handle.stack, mount)] : own;
  });
}

let t: TestApp;
before(async () => (t = await makeTestApp()));
after(() => t.close());

test('every route and mount path of the app is declared in http/paths.ts', () => {
  const patterns = declared(paths);
  const routes = registered((t.app as unknown as { router: { stack: Layer[] } }).router.stack);
  // The walk found the app's routes (a changed express internals would otherwise pass vacuously).
  assert.ok(routes.length > 40, `only ${routes.length} paths found`);
  for (const p of ['/r/:token/:step', '/admin/partners/:id/approve', '/api/v1/registrations/:id', '/assets/partner/:id/logo-:sha.png'])
    assert.ok(routes.includes(p), `${p} is registered`);
  const undeclared = routes.filter((r) => !patterns.some((re) => re.test(r)));
  assert.deepEqual(undeclared, [], 'paths registered but not declared in http/paths.ts');
});

test('a literal path not in http/paths.ts is caught', () => {
  const patterns = declared(paths);
  for (const literal of ['/r/:token/:step/extra', '/partner/keys/:id/delete', '/admin/secret'])
    assert.ok(!patterns.some((re) => re.test(literal)), literal);
});
