import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Image } from '../../../src/model/graph.js';
import { runVerify } from '../../../src/verify/run.js';
import { parseTestFile } from '../../../src/verify/schema.js';

/** A docker CLI stand-in that knows no image. */
async function dockerWithNoImages(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-verify-run-'));
  const bin = path.join(dir, 'docker');
  await fs.writeFile(bin, '#!/bin/sh\necho "Error: No such image: $7" >&2\nexit 1\n', { mode: 0o755 });
  return bin;
}

describe('runVerify without the images', () => {
  it('counts an image that is not on the engine as an error, with a build hint only for family images', async () => {
    const { tests } = parseTestFile('commandTests: [{ name: x, command: "true" }]\n', 't.yaml');
    const result = await runVerify({
      docker: { binary: await dockerWithNoImages() },
      targets: [
        { name: 'api', ref: 'acme/api:1', image: { id: 'api' } as Image, tests: [tests] },
        { name: 'ubuntu:22.04', ref: 'ubuntu:22.04', tests: [tests] },
      ],
    });
    expect(result.ok).toBe(false);
    expect(result.counts).toEqual({ passed: 0, failed: 0, skipped: 0, error: 2 });
    expect(result.images.map((i) => i.error)).toEqual([
      'acme/api:1 is not on the engine: build it first (strata build api)',
      'ubuntu:22.04 is not on the engine: pull or build it first',
    ]);
  });
});
