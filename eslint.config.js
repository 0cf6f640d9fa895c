// Lint: typescript-eslint's recommended rules on the sources; build output and vendored assets ignored.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// File and folder names are kebab-case (lower-case words joined by '-'; a name's extensions, as in
// `.test.ts`, are not part of it), and test/unit/ (the mirror of the source) holds only tests:
// helpers live in test/support/. Local rules: no file-name plugin is installed.
const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const projectPathOf = (context) => path.relative(context.cwd, context.filename).split(path.sep).join('/');
const fileNames = {
  rules: {
    'kebab-case': {
      meta: { type: 'suggestion', schema: [], messages: { notKebab: '"{{name}}" in {{file}} is not kebab-case (lower-case words joined by "-")' } },
      create(context) {
        const file = projectPathOf(context);
        const segments = file.split('/');
        const names = [...segments.slice(0, -1), segments.at(-1).split('.')[0]];
        return {
          Program(node) {
            for (const name of names.filter((n) => !KEBAB_CASE.test(n))) context.report({ node, messageId: 'notKebab', data: { name, file } });
          },
        };
      },
    },
    'unit-tests-only': {
      meta: { type: 'suggestion', schema: [], messages: { helper: '{{file}} is not a test: test/unit/ holds *.test.ts only, helpers go in test/support/' } },
      create(context) {
        const file = projectPathOf(context);
        return { Program(node) { if (!file.endsWith('.test.ts')) context.report({ node, messageId: 'helper', data: { file } }); } };
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
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'views/static/vendor/**'] },
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
    files: ['storage/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: ['**/server/**', '../server/*'] }] },
  },
  {
    plugins: { 'file-names': fileNames },
    rules: { 'file-names/kebab-case': 'error' },
  },
  {
    files: ['test/unit/**'],
    // TODO(storage-pkg branch): test/unit/storage/ (and its harness) moves with the storage package.
    ignores: ['test/unit/storage/**'],
    rules: { 'file-names/unit-tests-only': 'error' },
  },
  {
    // knex records the names of the migrations it ran: renaming one would run it again.
    files: ['migrations/**'],
    rules: { 'file-names/kebab-case': 'off' },
  },
  {
    // TODO(storage-pkg branch): remove once storage/ is renamed to kebab-case there.
    files: ['storage/**'],
    rules: { 'file-names/kebab-case': 'off' },
  },
  { files: ['server/**', 'storage/**', 'migrations/**', 'bin/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('test', 'bench', 'support') } },
  { files: ['bench/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('test') } },
  { files: ['test/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('bench') } },
  { files: ['support/**'], rules: { '@typescript-eslint/no-restricted-imports': apart('test', 'bench') } },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
