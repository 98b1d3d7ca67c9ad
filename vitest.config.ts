import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  resolve: {
    alias: {
      '#core': fileURLToPath(new URL('./core', import.meta.url)),
      '#renderer': fileURLToPath(new URL('./renderer', import.meta.url)),
      '#main': fileURLToPath(new URL('./main', import.meta.url)),
      '#sync-server': fileURLToPath(new URL('./sync-server', import.meta.url)),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30000,
    reporters: ['default'],
  },
});
