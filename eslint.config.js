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
    // Domain code imports nothing of the HTTP layer (server/http/): it throws the typed errors of
    // server/errors.ts and server/http/ maps them to answers. The domain folders are every capability
    // folder below plus server's top-level leaves; admin/, api/ and voter/ are web folders (pages and
    // routes) and may. A capability folder's own HTTP adapters live beside it, named *-routes.ts,
    // *-route.ts or *-page.ts, and may too. The named files are the exceptions still to remove
    // (docs/architecture.md, "Errors and the HTTP boundary", says why each one is left).
    files: [
      'server/{auth,cli,db,jobs,mail,partners,pdf,privacy,registrations,security,states,storage-host}/**/*.ts',
      'server/{clock,config,email-address,errors,escape-html,i18n,logger,messages,project-root}.ts',
    ],
    ignores: [
      'server/**/*-routes.ts',
      'server/**/*-route.ts',
      'server/**/*-page.ts',
      'server/auth/guard.ts',
      'server/auth/sessions.ts',
      'server/partners/branding.ts',
      'server/partners/language.ts',
      'server/partners/logo-store.ts',
    ],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/http/*', '**/http/**'], message: 'Domain code imports nothing of server/http/: throw the errors of server/errors.ts.' }] }] },
  },
  {
    files: ['views/static/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
