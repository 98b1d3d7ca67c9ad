// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Where code runs decides what it may import (ARCHITECTURE.md, "Layout"). Each block below forbids
 * the imports a folder must never make; a violation fails `npm run lint`, and so `npm test`.
 */
const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'stream', 'worker_threads'];
const boundary = (files, patterns, why) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: why })) }],
  },
});

const QUADRATIC_MERGE = "Yjs's merge is quadratic in the number of updates: use mergeUpdates from '#core/model/merge-updates.ts' (ADR 0022).";

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'dist-web/**', 'release/**', 'test-results/**', 'playwright-report/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], plugins: { 'react-hooks': reactHooks }, rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' } },
  boundary(['core/**'], [...NODE_BUILTINS, 'electron', 'electron/*', 'react', 'react-dom', 'react-dom/*', 'dexie', 'y-dexie', 'dexie-react-hooks', 'y-websocket', 'ws', '#renderer/*', '#main/*', '#sync-server/*', '**/renderer/**', '**/main/**', '**/preload/**', '**/sync-server/**'], 'core/ is pure domain code: zod, yjs and plain TypeScript only (ARCHITECTURE.md).'),
  boundary(['renderer/**'], [...NODE_BUILTINS, 'electron', 'electron/*', '#main/*', '#sync-server/*', '**/main/**', '**/preload/**', '**/sync-server/**'], 'renderer/ runs in a sandboxed page: reach the host only through renderer/platform (ARCHITECTURE.md).'),
  boundary(['main/**'], ['react', 'react-dom', 'react-dom/*', 'dexie', 'y-dexie', 'dexie-react-hooks', '#renderer/*', '**/renderer/**', '#sync-server/*', '**/sync-server/**'], 'main/ holds no domain logic or UI: window, IPC, files, secrets only (ARCHITECTURE.md).'),
  boundary(['preload/**'], ['react', 'react-dom', 'dexie', 'yjs', '#renderer/*', '**/renderer/**', '#main/*', '**/main/**', '#sync-server/*', '**/sync-server/**', ...NODE_BUILTINS], 'preload/ only bridges the IPC contract (ARCHITECTURE.md).'),
  {
    // Yjs's merge costs time that grows with the square of the number of updates; core's mergeUpdates gives the same
    // result in about linear time (ADR 0022). App code merges only through it.
    files: ['core/**', 'renderer/**', 'main/**', 'preload/**', 'sync-server/**'],
    ignores: ['core/model/merge-updates.ts'],
    rules: {
      'no-restricted-properties': ['error', ...['mergeUpdates', 'mergeUpdatesV2'].map((property) => ({ object: 'Y', property, message: QUADRATIC_MERGE }))],
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='yjs'] > ImportSpecifier[imported.name=/^mergeUpdates/]", message: QUADRATIC_MERGE }],
    },
  },
  boundary(['sync-server/**'], ['electron', 'electron/*', 'react', 'react-dom', 'dexie', 'y-dexie', '#renderer/*', '**/renderer/**', '#main/*', '**/main/**', '**/preload/**'], 'sync-server/ imports only core, ws, y-protocols and node (ARCHITECTURE.md).'),
);
