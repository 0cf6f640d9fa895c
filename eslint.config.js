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
  // Routes never construct services: server/context.ts builds each one once and app.ts hands every
  // router what it uses. A route file may make only errors, express Routers and plain values.
  {
    files: ['server/**/*-routes.ts', 'server/**/routes.ts', 'server/**/*-route.ts', 'server/app.ts', 'server/http/health.ts', 'server/api/registrations.ts', 'server/partners/branding.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'NewExpression[callee.name!=/^(Router|Date|Map|Set|WeakSet|URL|URLSearchParams|RegExp|LRUCache|NotFound|Forbidden|Unauthorized|BadRequest|Gone|Conflict|ValidationFailed|ServiceUnavailable|TooManyRequests|Overloaded)$|Error$/]',
          message: 'Route files never construct services: build it once in server/context.ts and pass it in (see docs/architecture.md, "The composition root").',
        },
      ],
    },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
