// ESLint (flat config): typescript-eslint's recommended rules on the TypeScript sources and the
// few JavaScript entry files. Formatting is Prettier's job (npm run format:check), not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's globals, for the .js/.mjs files (typescript-eslint turns no-undef off for .ts itself). */
const nodeGlobals = Object.fromEntries(
  [
    'console',
    'process',
    'URL',
    'performance',
    'setTimeout',
    'clearTimeout',
    'Buffer',
    'AbortController',
    'WebAssembly',
  ].map((name) => [name, 'readonly']),
);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'reports/', 'recordings/', 'test-artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: nodeGlobals },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // A leading underscore marks a deliberately unused name (an ignored argument, a skipped
      // destructured field, `for await (const _ of …)`), as the code already does.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
);
