import { describe, expect, it } from 'vitest';
import { isManifestSource } from '../../../src/lint/rules/cache/deps-after-copy.js';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

describe('cache-deps-after-copy', () => {
  const deps = ruleById('cache-deps-after-copy');

  it('knows manifests, globs included', () => {
    expect(isManifestSource('requirements*.txt')).toBe(true);
    expect(isManifestSource('package*.json')).toBe(true);
    expect(isManifestSource('./backend/pyproject.toml')).toBe(true);
    expect(isManifestSource('requirements/')).toBe(true);
    expect(isManifestSource('src/')).toBe(false);
    expect(isManifestSource('*.py')).toBe(false);
  });

  it('reports a manifest install after copying sources, not after COPY --from or a manifest copy', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM node:20 AS web
          WORKDIR /app
          COPY package*.json ./
          RUN npm ci
          COPY src ./src
          RUN npm run build

          FROM python:3.12-slim
          WORKDIR /app
          COPY --from=web /app/dist ./static
          COPY app ./app
          COPY pyproject.toml poetry.lock ./
          RUN poetry install --no-root
          RUN apt-get update && apt-get install -y --no-install-recommends curl
        `),
      },
      deps,
    );
    expect(found.map((f) => f.line)).toEqual([13]);
  });

  it('accepts installing the project itself after its dependencies', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          FROM python:3.12-slim
          WORKDIR /app
          COPY requirements.txt .
          RUN pip install --no-cache-dir -r requirements.txt
          COPY . .
          RUN pip install --no-cache-dir -e .
          FROM python:3.12-slim AS other
          COPY . /src
          RUN pip install --no-cache-dir --no-deps /src
        `),
      },
      deps,
    );
  });
});

describe('cache-left-in-layer', () => {
  it('ignores builder stages and accepts cleanup in the same RUN', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          FROM node:20 AS build
          RUN npm ci
          FROM continuumio/miniconda3:24.1.2-0
          RUN conda install -y numpy=1.26 && conda clean -afy
          RUN apk add --no-cache curl
          RUN uv pip install --no-cache flask
          COPY --from=build /x /x
        `),
      },
      ruleById('cache-left-in-layer'),
    );
  });
});

describe('cache-apt-update-alone', () => {
  it('accepts update with install in one heredoc RUN', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          # syntax=docker/dockerfile:1
          FROM debian:bookworm-slim
          RUN <<EOF
          apt-get update
          apt-get install -y --no-install-recommends curl
          rm -rf /var/lib/apt/lists/*
          EOF
        `),
      },
      ruleById('cache-apt-update-alone'),
    );
  });
});
