/** Jest for bench/setdata only (run by bench/setdata.ts, never by `npm test`): the orders tab in
 * miniprogram-simulate, as test/miniprogram runs pages. */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  roots: ['<rootDir>/bench/setdata'],
  testMatch: ['**/*.bench.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/bench/setdata/tsconfig.json', diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/miniprogram/miniprogram_npm', '<rootDir>/dist'],
  testTimeout: 120000,
};
