import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const noElectron = {
  patterns: [
    {
      group: ['electron', 'electron/*', 'electron-store'],
      message: 'core/ and shared/ never import electron: they run under plain Node.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**', '.test-build/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  { files: ['electron/core/**', 'electron/cli/**'], rules: { 'no-restricted-imports': ['error', noElectron] } },
  {
    // Core's front door: main and the CLI reach core only through electron/core/index.ts (heavier services
    // through core.load.*), types included, so core's inside can move without touching them.
    files: ['electron/main/**', 'electron/cli/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)core/(?!index\\.js$)',
              message: 'Import core through electron/core/index.ts (the front door), or use core.load.*.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...noElectron.patterns,
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no node:* modules.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer is a web page: no Electron, no Node. It reaches main only through window.keydeck.
      // Types may come from the preload (the renderer's API type is derived from it), code may not.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer has no Electron access.' }],
          patterns: [
            { group: ['node:*'], message: 'The renderer has no Node access.' },
            {
              group: ['**/electron/**'],
              allowTypeImports: true,
              message: 'The renderer imports shared/ only, never main, preload or core code.',
            },
          ],
        },
      ],
    },
  },
  {
    // Components call store actions; only renderer/src/api.ts touches window.keydeck.
    files: ['renderer/**'],
    ignores: ['renderer/src/api.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='window'][property.name='keydeck']",
          message: 'Call a store action; only renderer/src/api.ts reaches window.keydeck.',
        },
      ],
    },
  },
);
