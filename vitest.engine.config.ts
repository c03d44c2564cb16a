import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests that need a real Docker engine with BuildKit. They run one file at a time:
// the machine has two cores and the builds are heavy.
export default defineConfig({
  test: {
    include: ['test/engine/**/*.test.ts'],
    environment: 'node',
    // strata's state of the test repositories stays out of the user's own state home.
    env: { STRATA_STATE_HOME: path.join(os.tmpdir(), 'strata-test-state') },
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
    fileParallelism: false,
  },
});
