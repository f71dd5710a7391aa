// Lint gate (npm run lint, run by .ci/run): type-aware typescript-eslint, plus import rules that
// hold the architecture: src/core is pure (no vscode, nothing outside core), the HTTP client
// (src/tavus) knows no VS Code adapter, shared src/ui imports no feature folder, and no import cycles.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const noVscode = { name: 'vscode', message: 'src/core is pure: no vscode here.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['esbuild.js', 'eslint.config.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      curly: ['error', 'multi-line'],
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noVscode], patterns: [{ group: ['../*'], message: 'src/core imports only src/core.' }] },
      ],
    },
  },
  {
    files: ['src/tavus/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'The HTTP client knows no VS Code.' }],
          patterns: [{ regex: '^\\.\\./(?!core/)', message: 'src/tavus imports only src/core and itself.' }],
        },
      ],
    },
  },
  {
    // Shared UI (notifications, questions, context keys) serves every feature and so imports none.
    files: ['src/ui/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!core/|tavus/)', message: 'src/ui imports no feature: only src/core, src/tavus and itself.' },
          ],
        },
      ],
    },
  },
  {
    // The command-line tool runs outside VS Code: core, the HTTP client and vscode-free messages only.
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }] }],
    },
  },
  {
    // One way out for messages: the Notifier redacts them and lets tests see them (issue 10, item 8).
    files: ['src/**/*.ts'],
    ignores: ['src/ui/notifier.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['showErrorMessage', 'showWarningMessage', 'showInformationMessage', 'setStatusBarMessage'].map((property) => ({
          property,
          message: 'Show messages through the Notifier (src/ui/notifier.ts), which redacts them.',
        })),
      ],
    },
  },
  {
    // node:test's describe/it return promises the runner awaits; stand-ins implement async interfaces synchronously.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    // Tests read JSON of every shape and print it; precision tests spell out numbers no double holds.
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/unbound-method': 'off',
      'no-loss-of-precision': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['esbuild.js'],
    languageOptions: { globals: { require: 'readonly', console: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
