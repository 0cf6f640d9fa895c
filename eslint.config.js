// Lint: typescript-eslint's recommended rules on the sources; build output and vendored assets ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import path from 'node:path';

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
        context.report({ node: node.source, message: `${source}: ${root}/ declares no dependency; use ${allowedBare.join(' or ')} modules only` });
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
        { patterns: [{ regex: '^\\.\\./(?!(protocol|keys|errors|fault-cells|scratch-files)\\.js$)', message: 'thread/ runs inside a worker: import only thread/ and the shared modules (protocol, keys, errors, fault-cells, scratch-files)' }] },
      ],
    },
  },
  {
    // the modules shared with thread/ import only each other, so the worker never loads main-thread code
    files: ['storage/src/{protocol,keys,errors,scratch-files,fault-cells}.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^\\./(?!(protocol|keys|errors|fault-cells|scratch-files)\\.js$)', message: 'a module shared with thread/ imports only the other shared modules' }] },
      ],
    },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
