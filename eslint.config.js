import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import { builtinModules } from 'node:module'

const ELECTRON_ONLY_IN_APP = { name: 'electron', message: "Only src-main/app may import 'electron'." }
const EXEMPT = ['**/*.test.ts', '**/test-support/**', '**/bench/**']
/** `node:fs`, `fs`, `fs/promises`… but not a relative `./events`. */
const NODE_BUILTIN = `^(node:|(${builtinModules.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})(/|$))`

/**
 * One `no-restricted-imports` entry for `files` (minus `ignores` and the exempt tests). ESLint applies the last
 * matching entry of a rule, so each entry repeats the 'electron' restriction. `pure` also restricts the globals to
 * those every JavaScript host has (no `process`, no `document`).
 */
function layer(files, ignores, patterns = [], pure = false) {
  return [
    {
      files,
      ignores: [...ignores, ...EXEMPT],
      ...(pure ? { languageOptions: { globals: { ...globals.es2021, ...globals['shared-node-browser'] } } } : {}),
      rules: {
        'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_APP], patterns }],
        ...(pure ? { 'no-undef': 'error' } : {}),
      },
    },
  ]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '**/*.generated.*', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src-main/**', 'e2e/**', '*.config.*', '.ci/**'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  // Layer boundaries (architecture.md). The renderer runs sandboxed and reaches the main side only through the
  // contract; the RL code and the report are plain libraries the host drives, never the other way round; the
  // contract and the analysis are imported by every side, so they import nothing but each other, zod and the
  // language (no Node built-ins, no DOM, no code of a side). Only the Electron entry may import 'electron'.
  // Tests, their support code and benchmarks may reach across layers to build real inputs (a renderer test feeds
  // the heatmap with rollouts made by the RL code), so they are exempt.
  ...layer(['src-main/**'], ['src-main/app/**']),
  ...layer(['src-main/rl/**'], [], [{ group: ['**/host/**', '**/host'], message: 'src-main/rl must not import src-main/host: the host drives the RL code, not the reverse.' }]),
  ...layer(['src-main/reports/**'], [], [{ group: ['**/host/**', '**/host'], message: 'src-main/reports must not import src-main/host: take what the report needs as a parameter (see collect.ts).' }]),
  ...layer(['src-renderer/**'], [], [{ group: ['**/src-main/**', '**/src-main'], message: 'The renderer must not import src-main: it talks to the main side only through src-preload/contract.' }]),
  ...layer(
    ['src-preload/contract/**', 'src-preload/analysis/**'],
    [],
    [
      { regex: NODE_BUILTIN, message: 'src-preload/contract and src-preload/analysis run on every side: no Node built-ins.' },
      { group: ['**/src-main/**', '**/src-renderer/**', 'vue', 'dexie', 'echarts', 'echarts/*'], message: 'src-preload/contract and src-preload/analysis must not import a side (src-main, src-renderer) or a UI library.' },
    ],
    true,
  ),
)
