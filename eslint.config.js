// Lint: typescript-eslint's recommended rules on the sources; build output and vendored assets ignored.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import tableOwners from './lint/table-owners.js';

/**
 * A package's files import only inside the package: a relative import that resolves outside
 * `root` is an error, and under each `bare` folder a bare import must start with one of the
 * listed prefixes (e.g. 'node:').
 */
const packageBoundary = {
  meta: { type: 'problem', schema: [{ type: 'object' }] },
  create(context) {
    const { root, bare = {} } = context.options[0];
    const packageDir = path.resolve(context.cwd, root);
    const file = path.relative(context.cwd, context.filename).split(path.sep).join('/');
    const allowedBare = Object.entries(bare).find(([folder]) => file.startsWith(folder))?.[1];
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string') return;
      if (source.startsWith('.')) {
        const target = path.resolve(path.dirname(context.filename), source);
        if (target !== packageDir && !target.startsWith(packageDir + path.sep)) {
          context.report({ node: node.source, message: `${source} is outside the ${root}/ package: a package imports nothing of the app` });
        }
      } else if (allowedBare && !allowedBare.some((prefix) => source.startsWith(prefix))) {
        context.report({
          node: node.source,
          message: `${source}: ${root}/ declares no dependency; use ${allowedBare.join(' or ')} modules only`,
        });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/** Outside a package, its files are reached only through its name (and so its `exports`), never by a relative path. */
const packageEntry = {
  meta: { type: 'problem', schema: [{ type: 'object' }] },
  create(context) {
    const { root, name } = context.options[0];
    const packageDir = path.resolve(context.cwd, root);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source);
      if (target === packageDir || target.startsWith(packageDir + path.sep)) {
        context.report({ node: node.source, message: `${source} reaches into ${root}/: import '${name}' (or '${name}/testing' in tests)` });
      }
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

const packages = { rules: { 'package-boundary': packageBoundary, 'package-entry': packageEntry } };

// File and folder names are kebab-case (lower-case words joined by '-'; a name's extensions, as in
// `.test.ts`, are not part of it), and test/unit/ (the mirror of the source) holds only tests:
// helpers live in test/support/. Local rules: no file-name plugin is installed.
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const projectPathOf = (context) => path.relative(context.cwd, context.filename).split(path.sep).join('/');
const fileNames = {
  rules: {
    'kebab-case': {
      meta: {
        type: 'suggestion',
        schema: [],
        messages: { notKebab: '"{{name}}" in {{file}} is not kebab-case (lower-case words joined by "-")' },
      },
      create(context) {
        const file = projectPathOf(context);
        const segments = file.split('/');
        const names = [...segments.slice(0, -1), segments.at(-1).split('.')[0]];
        return {
          Program(node) {
            for (const name of names.filter((n) => !KEBAB_CASE.test(n)))
              context.report({ node, messageId: 'notKebab', data: { name, file } });
          },
        };
      },
    },
    'unit-tests-only': {
      meta: {
        type: 'suggestion',
        schema: [],
        messages: { helper: '{{file}} is not a test: test/unit/ holds *.test.ts only, helpers go in test/support/' },
      },
      create(context) {
        const file = projectPathOf(context);
        return {
          Program(node) {
            if (!file.endsWith('.test.ts')) context.report({ node, messageId: 'helper', data: { file } });
          },
        };
      },
    },
  },
};

// Production code, tests and benchmarks stay apart: what `npm run build` ships imports none of
// test/, bench/ or support/ (the folder both share); tests and benchmarks never import each other.
// typescript-eslint's copy of no-restricted-imports, so that a later block restricting core
// no-restricted-imports for some folder (architecture boundaries) never replaces these patterns.
// A pattern matches a relative path up to the project's own top-level folder (`../../test/…`).
const apart = (...folders) => [
  'error',
  { patterns: folders.map((f) => ({ regex: `^(?:\\.\\./)+${f}/`, message: `${f}/ stays out of this folder (eslint.config.js)` })) },
];

export default tseslint.config(
  { ignores: ['dist/**', 'storage/dist/**', 'node_modules/**', 'data/**', 'views/static/vendor/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [] }],
    },
  },
  {
    // the app, its tests and benchmarks use storage only through its public entry points
    files: ['server/**/*.ts', 'bench/**/*.ts', 'bin/**/*.ts', 'test/**/*.ts', 'migrations/**/*.ts'],
    plugins: { rollcall: packages },
    rules: { 'rollcall/package-entry': ['error', { root: 'storage', name: '@rollcall/storage' }] },
  },
  // Routes never construct services: server/context.ts builds each one once and app.ts hands every
  // router what it uses. A route file may make only errors, express Routers and plain values.
  {
    files: [
      'server/**/*-routes.ts',
      'server/**/routes.ts',
      'server/**/*-route.ts',
      'server/app.ts',
      'server/http/health.ts',
      'server/api/registrations.ts',
      'server/partners/branding.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'NewExpression[callee.name!=/^(Router|Date|Map|Set|WeakSet|URL|URLSearchParams|RegExp|LRUCache|NotFound|Forbidden|Unauthorized|BadRequest|Gone|Conflict|ValidationFailed|ServiceUnavailable|TooManyRequests|Overloaded)$|Error$/]',
          message:
            'Route files never construct services: build it once in server/context.ts and pass it in (see docs/architecture.md, "The composition root").',
        },
      ],
    },
  },
  {
    // Domain code imports nothing of the HTTP layer (server/http/): it throws the typed errors of
    // server/errors.ts and server/http/ maps them to answers. The domain folders are every capability
    // folder below plus server's top-level leaves; admin/, api/ and voter/ are web folders (pages and
    // routes) and may. A capability folder's own HTTP adapters live beside it, named *-routes.ts,
    // *-route.ts or *-page.ts, and may too. The named files are the exceptions still to remove
    // (docs/architecture.md, "Errors and the HTTP boundary", says why each one is left).
    files: [
      'server/{auth,cli,db,jobs,mail,partners,pdf,print,privacy,registrations,security,states,storage-host}/**/*.ts',
      'server/{clock,config,email-address,errors,escape-html,i18n,logger,project-root}.ts',
    ],
    ignores: [
      'server/**/*-routes.ts',
      'server/**/*-route.ts',
      'server/**/*-page.ts',
      'server/auth/guard.ts',
      'server/auth/sessions.ts',
      'server/partners/branding.ts',
      'server/partners/language.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/http/*', '**/http/**'],
              message: 'Domain code imports nothing of server/http/: throw the errors of server/errors.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // storage/ is a package (@rollcall/storage): it imports nothing of the server, nor anything
    // else outside its own folder; its sources use node's built-ins only (it declares no dependency)
    files: ['storage/**/*.ts'],
    plugins: { rollcall: packages },
    rules: {
      'rollcall/package-boundary': ['error', { root: 'storage', bare: { 'storage/src/': ['node:'] } }],
    },
  },
  {
    // code run inside a path's worker thread imports only its own folder and the modules shared by both sides
    files: ['storage/src/thread/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!(protocol|keys|errors|fault-cells|scratch-files)\\.js$)',
              message:
                'thread/ runs inside a worker: import only thread/ and the shared modules (protocol, keys, errors, fault-cells, scratch-files)',
            },
          ],
        },
      ],
    },
  },
  {
    // the modules shared with thread/ import only each other, so the worker never loads main-thread code
    files: ['storage/src/{protocol,keys,errors,scratch-files,fault-cells}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\./(?!(protocol|keys|errors|fault-cells|scratch-files)\\.js$)',
              message: 'a module shared with thread/ imports only the other shared modules',
            },
          ],
        },
      ],
    },
  },
  {
    plugins: { 'file-names': fileNames },
    rules: { 'file-names/kebab-case': 'error' },
  },
  {
    files: ['test/unit/**', 'storage/test/**'],
    rules: { 'file-names/unit-tests-only': 'error' },
  },
  {
    // knex records the names of the migrations it ran: renaming one would run it again.
    files: ['migrations/**'],
    rules: { 'file-names/kebab-case': 'off' },
  },
  {
    files: ['server/**', 'storage/**', 'migrations/**', 'bin/**'],
    rules: { '@typescript-eslint/no-restricted-imports': apart('test', 'bench', 'support') },
  },
  { files: ['bench/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('test') } },
  { files: ['test/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('bench') } },
  { files: ['support/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('test', 'bench') } },
  // One owner per table's writes; route files issue no SQL (lint/table-owners.js, docs/architecture.md).
  {
    files: ['server/**/*.ts', 'bin/**/*.ts'],
    plugins: { tables: tableOwners },
    rules: { 'tables/table-owner': 'error' },
  },
  {
    files: [
      'server/**/*routes.ts',
      'server/**/*-route.ts',
      'server/api/registrations.ts',
      'server/api/states.ts',
      'server/http/health.ts',
      'server/partners/branding.ts',
    ],
    plugins: { tables: tableOwners },
    rules: { 'tables/no-sql-in-routes': 'error' },
  },
  {
    // Route paths and links come from server/paths.ts (test/unit/server/paths.test.ts checks
    // what the app registers; this catches a literal that happens to equal a declared path).
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(get|post|put|patch|delete|all|use|redirect)$/] > Literal[value=/^\\//]',
          message: 'Name the path in server/paths.ts and use it.',
        },
        { selector: 'NewExpression[callee.name="URL"] > Literal[value=/^\\//]', message: 'Name the path in server/paths.ts and use it.' },
      ],
    },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
