// Lint: typescript-eslint's recommended rules on the sources; build output and vendored assets ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import tableOwners from './lint/table-owners.js';

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
  // One owner per table's writes; route files issue no SQL (lint/table-owners.js, docs/architecture.md).
  {
    files: ['server/**/*.ts', 'bin/**/*.ts'],
    plugins: { rollcall: tableOwners },
    rules: { 'rollcall/table-owner': 'error' },
  },
  {
    files: ['server/**/*routes.ts', 'server/**/*-route.ts', 'server/api/registrations.ts', 'server/api/states.ts', 'server/http/health.ts', 'server/partners/branding.ts'],
    plugins: { rollcall: tableOwners },
    rules: { 'rollcall/no-sql-in-routes': 'error' },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
