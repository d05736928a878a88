/** One jest run for the whole project: unit tests of pure rules, store conformance, HTTP tests
 * against the built local cloud, and mini-program component tests (jsdom, per-file docblock). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/server', '<rootDir>/miniprogram'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/miniprogram/miniprogram_npm', '<rootDir>/dist'],
  testTimeout: 30000,
};
