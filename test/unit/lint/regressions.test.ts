import { describe, expect, test } from 'vitest';
import { lintRepository } from '../../../src/lint/repository.js';
import { rules as hygiene } from '../../../src/lint/rules/hygiene/index.js';
import { rules as security } from '../../../src/lint/rules/security/index.js';
import { dedent, testdir } from '../../helpers/testdir.js';

/**
 * hadolint's best-known false positives (its issue tracker's most upvoted complaints), each a Dockerfile
 * that is correct. strata must report nothing on them, with every hygiene and security rule on.
 */
const CASES: Record<string, string> = {
  'multi-stage: root in a builder, non-root final (DL3002)': `
    FROM golang:1.22 AS build
    USER root
    RUN go build -o /app ./...
    FROM gcr.io/distroless/static:nonroot
    COPY --from=build /app /app
    USER nonroot
    ENTRYPOINT ["/app"]
  `,
  'multi-stage: apt lists and pip cache left in a builder (DL3009, DL3042)': `
    FROM python:3.12-slim AS build
    RUN apt-get update && apt-get install -y --no-install-recommends gcc
    WORKDIR /src
    RUN python -m venv /venv && /venv/bin/pip install numpy
    FROM python:3.12-slim
    COPY --from=build /venv /venv
    USER nobody
    CMD ["/venv/bin/python", "-c", "print(1)"]
  `,
  'ARG-parameterised FROM (DL3006)': `
    ARG PYTHON_VERSION=3.12
    ARG BASE=python:\${PYTHON_VERSION}-slim
    FROM \${BASE}
    USER nobody
  `,
  'BuildKit cache mounts (DL3009, DL3042)': `
    # syntax=docker/dockerfile:1.7
    FROM python:3.12-slim
    RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
        --mount=type=cache,target=/var/lib/apt,sharing=locked \\
        apt-get update && apt-get install -y --no-install-recommends git
    RUN --mount=type=cache,target=/root/.cache/pip pip install torch
    USER nobody
  `,
  'heredoc shell script (DL3009, DL3014, DL3015, DL4006, DL3059)': `
    # syntax=docker/dockerfile:1.7
    FROM debian:12-slim
    RUN <<EOF
    set -euxo pipefail
    apt-get update
    apt-get install -y --no-install-recommends curl ca-certificates
    curl -fsSL https://example.com/tool.tgz | tar xz -C /usr/local/bin
    rm -rf /var/lib/apt/lists/*
    EOF
    RUN <<EOF
    echo done
    EOF
    USER nobody
  `,
  'heredoc read by another program (DL3003, DL3004, DL3027, DL4006)': `
    # syntax=docker/dockerfile:1.7
    FROM python:3.12-slim
    RUN python3 <<EOF
    import subprocess
    print("cd /app && sudo apt install x | sh")
    EOF
    COPY <<EOF /etc/app.conf
    cd /srv | sudo tee
    EOF
    USER nobody
  `,
  'COPY --from an image, not a stage (DL3022)': `
    FROM alpine:3.19
    COPY --from=busybox:1.36 /bin/busybox /bin/busybox
    COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv
    USER nobody
  `,
  'ML environment variables that are not secrets (DL3064)': `
    FROM python:3.12-slim
    ENV TOKENIZERS_PARALLELISM=false HF_HUB_ENABLE_HF_TRANSFER=1
    ENV HF_TOKEN_PATH=/run/secrets/hf_token
    USER nobody
  `,
};

describe('no hadolint false positives', () => {
  test.each(Object.entries(CASES))('%s', async (_name, dockerfile) => {
    const root = await testdir({ Dockerfile: dedent(dockerfile) });
    const result = await lintRepository(root, { rules: [...hygiene, ...security] });
    expect(result.diagnostics.map((d) => `${d.line}:${d.code}: ${d.message}`)).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
