// Typed lint rules over every TypeScript file; generated bundles and vendored npm output excluded.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'cloudfunctions/*/index.js',
      'miniprogram/miniprogram_npm/**',
      'miniprogram/**/*.js',
      'preview/screenshots/**',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      'no-console': 'off',
      // `import * as z` lets esbuild drop the parts of zod a bundle does not use (about 350 KB of
      // each cloud function's 600; issue 11's cold require); `import { z }` keeps all of it
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier",
          message: "Write import * as z from 'zod' (smaller bundles, docs/decisions.md).",
        },
      ],
    },
  },
  {
    // jest's expect(...).rejects and mock shapes trip these in tests without adding safety
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
