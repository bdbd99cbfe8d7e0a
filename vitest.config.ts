import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One temporary folder per run, removed at its end (test/support/temp-root.ts); one throwaway PostgreSQL
    // cluster per run for the team-store tests, stopped at its end (test/support/pg-cluster.ts).
    globalSetup: ['test/support/temp-root.ts', 'test/support/pg-cluster.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/unit.json' },
  },
})
