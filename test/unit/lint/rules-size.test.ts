import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

describe('size rules', () => {
  it('reports a CUDA devel base in the final stage, not in the builder', async () => {
    const found = await lintTree(
      {
        'a/Dockerfile': dedent(`
          FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build
          RUN echo build
          FROM nvidia/cuda:12.1.1-devel-ubuntu22.04
          COPY --from=build /x /x
        `),
        'b/Dockerfile': dedent(`
          FROM nvidia/cuda:12.1.1-devel-ubuntu22.04 AS build
          RUN echo build
          FROM nvidia/cuda:12.1.1-runtime-ubuntu22.04
          COPY --from=build /x /x
        `),
      },
      ruleById('size-build-tools-in-final'),
    );
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['a/Dockerfile:3']);
  });

  it('accepts build tools purged in the same RUN of a single stage', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          FROM python:3.11-slim
          RUN apt-get update && apt-get install -y --no-install-recommends gcc \\
           && pip install --no-cache-dir psycopg2==2.9.9 \\
           && apt-get purge -y --auto-remove gcc && rm -rf /var/lib/apt/lists/*
        `),
      },
      ruleById('size-no-multistage'),
    );
  });

  it('judges the target a compose service builds, not the last stage', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml': 'services:\n  app:\n    build:\n      context: .\n      target: runtime\n',
        Dockerfile: dedent(`
          FROM python:3.11-slim AS runtime
          RUN pip install --no-cache-dir flask==3.0.0
          FROM runtime AS dev
          RUN apt-get update && apt-get install -y --no-install-recommends gcc git
        `),
      },
      ruleById('size-build-tools-in-final'),
    );
  });
});
