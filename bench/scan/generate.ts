import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes a synthetic monorepo shaped like the seeds, many times over: families that each have a system
 * base (on an external image), shared bases on it, and services on the shared bases. Bases are tagged by
 * a build script; services are built by a compose file or, in every fourth family, a bake file. Some
 * services are multi-stage with `COPY --from`, some reserve a GPU, some have a .dockerignore.
 */
export interface MonorepoShape {
  families: number;
  sharedBasesPerFamily: number;
  servicesPerFamily: number;
}

export interface GeneratedMonorepo {
  root: string;
  dockerfiles: number;
  composeFiles: number;
  bakeFiles: number;
  scripts: number;
}

/** 40 families x (1 system base + 4 shared bases + 45 services) = 2,000 Dockerfiles. */
export const DEFAULT_SHAPE: MonorepoShape = { families: 40, sharedBasesPerFamily: 4, servicesPerFamily: 45 };

const EXTERNAL_BASES = [
  'python:3.11-slim',
  'nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04',
  'node:18-alpine',
  'debian:bookworm-slim@sha256:0000000000000000000000000000000000000000000000000000000000000000',
];

function systemBaseDockerfile(external: string): string {
  return [
    `FROM ${external}`,
    'ENV DEBIAN_FRONTEND=noninteractive',
    'RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'WORKDIR /app',
    '',
  ].join('\n');
}

function sharedBaseDockerfile(family: string): string {
  return [
    'ARG BASE_TAG=latest',
    `FROM acme/${family}-base:\${BASE_TAG}`,
    'COPY requirements.txt /tmp/requirements.txt',
    'RUN pip install --no-cache-dir -r /tmp/requirements.txt',
    '',
  ].join('\n');
}

function serviceDockerfile(family: string, shared: number, multiStage: boolean): string {
  const base = `acme/${family}-shared-${shared}:latest`;
  if (!multiStage) {
    return [`FROM ${base}`, 'COPY . /app', 'USER 1000', 'CMD ["python", "-m", "app"]', ''].join('\n');
  }
  return [
    '# syntax=docker/dockerfile:1',
    `ARG BASE=${base}`,
    'FROM $BASE AS deps',
    'COPY requirements.txt .',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
    '',
    'FROM deps AS build',
    'COPY src/ ./src/',
    'RUN python -m compileall src',
    '',
    `FROM ${base} AS runtime`,
    'COPY --from=build /app/src /app/src',
    'HEALTHCHECK CMD curl -f http://localhost:8000/health || exit 1',
    'USER 1000',
    'CMD ["python", "-m", "src"]',
    '',
  ].join('\n');
}

function composeFile(family: string, services: number): string {
  const lines = ['services:'];
  for (let s = 0; s < services; s++) {
    lines.push(
      `  svc-${s}:`,
      '    build:',
      `      context: ./services/svc-${s}`,
      ...(s % 3 === 0 ? ['      target: runtime'] : []),
      '      args:',
      `        SERVICE_INDEX: "${s}"`,
      `    image: acme/${family}-svc-${s}:latest`,
    );
    if (s % 10 === 0) {
      lines.push(
        '    deploy:',
        '      resources:',
        '        reservations:',
        '          devices:',
        '            - driver: nvidia',
        '              count: 1',
        '              capabilities: [gpu]',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

function bakeFile(family: string, services: number): string {
  const names = Array.from({ length: services }, (_, s) => `svc-${s}`);
  const parts = [
    'variable "TAG" {',
    '  default = "latest"',
    '}',
    '',
    'group "default" {',
    `  targets = [${names.map((n) => `"${n}"`).join(', ')}]`,
    '}',
    '',
    'target "common" {',
    '  args = {',
    '    APP_ENV = "production"',
    '  }',
    '}',
  ];
  for (const [s, name] of names.entries()) {
    parts.push(
      '',
      `target "${name}" {`,
      '  inherits = ["common"]',
      `  context = "services/${name}"`,
      ...(s % 3 === 0 ? ['  target = "runtime"'] : []),
      `  tags = ["acme/${family}-${name}:\${TAG}"]`,
      '}',
    );
  }
  return `${parts.join('\n')}\n`;
}

function buildScript(family: string, sharedBases: number): string {
  return [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    'cd "$(dirname "$0")/.."',
    `PREFIX="\${PREFIX:-acme/${family}}"`,
    'docker build -t "$PREFIX-base:latest" -f docker/base/Dockerfile .',
    `for N in ${Array.from({ length: sharedBases }, (_, i) => i).join(' ')}; do`,
    '  docker build -t "$PREFIX-shared-$N:latest" -f docker/shared-$N/Dockerfile docker/shared-$N',
    'done',
    '',
  ].join('\n');
}

/** Writes the monorepo into `root` (which should be empty) and says what it wrote. */
export async function generateMonorepo(
  root: string,
  shape: MonorepoShape = DEFAULT_SHAPE,
): Promise<GeneratedMonorepo> {
  const files = new Map<string, string>();
  let dockerfiles = 0;
  let composeFiles = 0;
  let bakeFiles = 0;
  let scripts = 0;

  files.set('.gitignore', 'node_modules/\nout/\n');
  files.set('node_modules/left-pad/Dockerfile', 'FROM scratch\n');
  for (let f = 0; f < shape.families; f++) {
    const family = `fam${String(f).padStart(2, '0')}`;
    const dir = `families/${family}`;
    files.set(
      `${dir}/docker/base/Dockerfile`,
      systemBaseDockerfile(EXTERNAL_BASES[f % EXTERNAL_BASES.length]!),
    );
    dockerfiles++;
    for (let b = 0; b < shape.sharedBasesPerFamily; b++) {
      files.set(`${dir}/docker/shared-${b}/Dockerfile`, sharedBaseDockerfile(family));
      files.set(`${dir}/docker/shared-${b}/requirements.txt`, `numpy==1.26.${b}\nrequests>=2.31\n`);
      dockerfiles++;
    }
    files.set(`${dir}/scripts/build-bases.sh`, buildScript(family, shape.sharedBasesPerFamily));
    scripts++;
    for (let s = 0; s < shape.servicesPerFamily; s++) {
      const svc = `${dir}/services/svc-${s}`;
      files.set(`${svc}/Dockerfile`, serviceDockerfile(family, s % shape.sharedBasesPerFamily, s % 3 === 0));
      files.set(`${svc}/requirements.txt`, 'flask==3.0.0\n');
      files.set(`${svc}/src/__main__.py`, 'print("hello")\n');
      if (s % 2 === 0) files.set(`${svc}/.dockerignore`, '**/__pycache__\n.git\n*.log\n');
      dockerfiles++;
    }
    if (f % 4 === 3) {
      files.set(`${dir}/docker-bake.hcl`, bakeFile(family, shape.servicesPerFamily));
      bakeFiles++;
    } else {
      files.set(`${dir}/docker-compose.yml`, composeFile(family, shape.servicesPerFamily));
      composeFiles++;
    }
  }

  const dirs = new Set([...files.keys()].map((rel) => path.dirname(path.join(root, rel))));
  await Promise.all([...dirs].map((d) => fs.mkdir(d, { recursive: true })));
  await Promise.all([...files].map(([rel, text]) => fs.writeFile(path.join(root, rel), text)));
  return { root, dockerfiles, composeFiles, bakeFiles, scripts };
}
