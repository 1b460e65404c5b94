// ESLint: typescript-eslint (type-aware), import zones of the house style, no import cycles.
import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const areas = './src/!(platform|web|cli|migrations)/**';

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // Without these, import-x does not parse .ts files while following imports, and no-cycle sees nothing.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      // Fastify hooks and handlers are async by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/only-throw-error': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only (house style); tool configs are exempt.' },
        { selector: 'TSEnumDeclaration', message: 'Enums are not erasable TypeScript; use a union of literals.' },
      ],
      'import-x/no-cycle': 'error',
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/platform',
              from: [areas, './src/{app,runtime,database}.ts', './src/cli/**', './src/web/**'],
              message: 'platform/ is infrastructure: it imports no area, no composition root and no web code.',
            },
            {
              target: './src/web',
              from: ['./src/!(web)/**', './src/*.ts'],
              except: ['**/*.schema.ts', '**/*.codes.ts', '**/*.shared.ts'],
              message:
                'The web app imports from the server only *.schema.ts, *.codes.ts (pure code lists) and *.shared.ts (pure helpers of both sides) files.',
            },
            {
              target: './src/**/*.rules.ts',
              from: ['./src/platform/{db,http}/**', './src/**/*.repository.ts', './src/**/*.service.ts'],
              message: '*.rules.ts are pure: no I/O.',
            },
            {
              target: './src/**/*.routes.ts',
              from: './src/**/*.repository.ts',
              message: 'Routes call their service, never a repository.',
            },
            {
              target: './src/**/*.repository.ts',
              from: ['./src/**/*.service.ts', './src/**/*.routes.ts', './src/platform/http/**'],
              message: 'Repositories import only table types and platform/db.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.service.ts', 'src/**/*.rules.ts', 'src/**/*.repository.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', '@fastify/*', 'fastify-*'],
              message: 'Services, rules and repositories never import Fastify.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.rules.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'pg', 'kysely', 'fastify', '@fastify/*'], message: '*.rules.ts are pure: no I/O.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['*.config.ts', '*.config.js', 'eslint.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.test.ts', '**/*.int.test.ts', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['bin/*.js'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
    },
  },
);
