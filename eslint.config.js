// ESLint: typescript-eslint's type-checked rules, and the pipeline's import direction (docs/architecture.md):
// files → load → model → sim → symbolic → lint → verify → report → cli; imports only point backwards.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/** Each folder of src/ and what it may import (besides itself). */
const LAYERS = {
  net: [],
  model: ['net'],
  load: ['net', 'model'],
  generate: ['net', 'model'],
  sim: ['net', 'model'],
  symbolic: ['net', 'model', 'sim'],
  lint: ['net', 'model', 'load', 'sim', 'symbolic'],
  verify: ['net', 'model', 'load', 'sim', 'symbolic', 'lint'],
  // Reporters are pure functions of results: values from net and model, types from the rest.
  report: ['net', 'model'],
  cli: ['net', 'model', 'load', 'generate', 'sim', 'symbolic', 'lint', 'verify', 'report'],
  api: ['net', 'model', 'load', 'generate', 'sim', 'symbolic', 'lint', 'verify', 'report', 'cli'],
};
const REPORT_TYPES_FROM = ['load', 'sim', 'symbolic', 'lint', 'verify'];

/** Only the loader and the CLI touch the file system; only the CLI touches the process. */
const FILE_SYSTEM = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.bench-baseline/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [
        ...Object.keys(LAYERS)
          .filter((t) => t !== 'api')
          .map((type) => ({ type, pattern: `src/${type}` })),
        // Last: what no folder above claims, i.e. the entry points src/index.ts and src/vitest.ts.
        { type: 'api', pattern: 'src' },
      ],
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            ...Object.entries(LAYERS).map(([type, allowed]) => ({
              from: { element: { type } },
              allow: { to: { element: { types: { anyOf: [type, ...allowed] } } } },
            })),
            { from: { element: { type: 'report' } }, allow: { to: { element: { types: { anyOf: REPORT_TYPES_FROM } } }, dependency: { kind: 'type' } } },
          ],
        },
      ],
    },
  },
  {
    // Spreading an array into a call passes every item as an argument: a long list exhausts the call stack.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(push|unshift|concat|max|min|fromCharCode|fromCodePoint|splice)$/] > SpreadElement',
          message: 'no spreading into a call: a long array exhausts the call stack; use pushAll or a loop',
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/load/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: FILE_SYSTEM.map((name) => ({ name, message: 'only src/load/ and src/cli/ touch the file system' })) }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'process', message: 'only src/cli/ touches the process (stdout, stderr, exit codes, cwd)' }],
    },
  },
  {
    files: ['test/**/*.ts', '**/*.mjs', '*.js'],
    rules: {
      // Tests and scripts read fixtures and build inputs freely; type-level strictness pays less there.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (scripts, the benchmark, this file): no type information.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { project: null },
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', require: 'readonly', module: 'writable' },
    },
  },
);
