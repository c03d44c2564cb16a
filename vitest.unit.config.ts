import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    // strata's state of the test repositories stays out of the user's own state home.
    env: { STRATA_STATE_HOME: path.join(os.tmpdir(), 'strata-test-state') },
    testTimeout: 20_000,
  },
});
