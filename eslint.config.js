// Lint: typescript-eslint's recommended rules on the sources; build output and vendored assets ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
    // Route paths and links come from http/paths.ts (test/unit/server/route-paths.test.ts checks
    // what the app registers; this catches a literal that happens to equal a declared path).
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'CallExpression[callee.property.name=/^(get|post|put|patch|delete|all|use|redirect)$/] > Literal[value=/^\\//]', message: 'Name the path in server/http/paths.ts and use it.' },
        { selector: 'NewExpression[callee.name="URL"] > Literal[value=/^\\//]', message: 'Name the path in server/http/paths.ts and use it.' },
      ],
    },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
