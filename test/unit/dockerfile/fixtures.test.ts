import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, test } from 'vitest';
import { parseDockerfile, resolveDockerfile } from '../../../src/dockerfile/index.js';
import type { BaseRef } from '../../../src/model/dockerfile.js';

const DIR = path.resolve(__dirname, '../../fixtures/dockerfile');

function read(name: string): string {
  return readFileSync(path.join(DIR, name), 'utf8');
}

function label(base: BaseRef): string {
  if (base.kind === 'image') return base.ref.familiar;
  if (base.kind === 'stage') return `stage:${base.stage}`;
  if (base.kind === 'context') return `context:${base.name}`;
  return base.kind;
}

interface Expected {
  file: string;
  instructions: number;
  /** [name, base, needed] per stage. */
  stages: [string | undefined, string, boolean][];
  diagnostics: string[];
  escape?: string;
  syntax?: string;
}

const FIXTURES: Expected[] = [
  {
    file: 'cuda-ml-base.Dockerfile',
    instructions: 11,
    stages: [['base-python-pose', 'nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04', true]],
    diagnostics: [],
    syntax: 'docker/dockerfile:1',
  },
  {
    file: 'node-multistage.Dockerfile',
    instructions: 23,
    stages: [
      ['deps', 'node:20-alpine', true],
      ['build', 'node:20-alpine', true],
      ['storybook', 'node:20-alpine', false],
      ['runtime', 'nginx:1.25-alpine', true],
    ],
    diagnostics: [],
  },
  {
    file: 'python-nonroot.Dockerfile',
    instructions: 21,
    stages: [
      ['builder', 'python:3.11-slim-bookworm', true],
      ['runtime', 'python:3.11-slim-bookworm', true],
    ],
    diagnostics: [],
  },
  {
    file: 'heredoc-cache.Dockerfile',
    instructions: 10,
    stages: [
      ['tools', 'debian:bookworm-slim', true],
      ['app', 'python:3.12-slim', true],
    ],
    diagnostics: [],
    syntax: 'docker/dockerfile:1.7',
  },
  {
    file: 'windows-escape.Dockerfile',
    instructions: 7,
    stages: [['base', 'mcr.microsoft.com/windows/servercore:ltsc2022', true]],
    diagnostics: [],
    escape: '`',
  },
  {
    file: 'arg-from.Dockerfile',
    instructions: 17,
    stages: [
      ['tools', 'golang:1.22', true],
      ['runtime', 'nvidia/cuda:12.1.1-runtime-ubuntu22.04', true],
      ['ml', 'ghcr.io/acme/base-ml:12.1.1-runtime', false],
      ['flavored', 'unresolved', false],
      [undefined, 'stage:1', true],
    ],
    diagnostics: ['STRATA_DF_UNRESOLVED_ARG'],
  },
  {
    file: 'broken.Dockerfile',
    instructions: 11,
    stages: [
      ['base', 'alpine:3.19', false],
      ['base', 'alpine:3.19', true],
    ],
    diagnostics: [
      'STRATA_DF_BEFORE_FROM',
      'STRATA_DF_DUPLICATE_STAGE',
      'STRATA_DF_UNKNOWN_FLAG',
      'STRATA_DF_INVALID_JSON',
      'STRATA_DF_SHELL_NOT_JSON',
      'STRATA_DF_UNKNOWN_INSTRUCTION',
      'STRATA_DF_ONBUILD_TRIGGER',
      'STRATA_DF_KEY_VALUE_SYNTAX',
      'STRATA_DF_MISSING_ARGUMENTS',
      'STRATA_DF_UNTERMINATED_HEREDOC',
    ],
  },
];

describe.each(FIXTURES)('$file', (expected) => {
  const text = read(expected.file);
  const parsed = parseDockerfile(text, expected.file);
  const resolved = resolveDockerfile(parsed);

  test('stages, bases and needed', () => {
    expect(parsed.instructions).toHaveLength(expected.instructions);
    expect(resolved.stages.map((s) => [s.name, label(s.base), s.needed])).toEqual(expected.stages);
  });

  test('diagnostics', () => {
    expect([...parsed.diagnostics, ...resolved.diagnostics].map((d) => d.code)).toEqual(expected.diagnostics);
    for (const d of [...parsed.diagnostics, ...resolved.diagnostics]) {
      expect(d.file).toBe(expected.file);
      expect(d.line).toBeGreaterThan(0);
    }
  });

  test('directives', () => {
    expect(parsed.escape).toBe(expected.escape ?? '\\');
    expect(parsed.syntax).toBe(expected.syntax);
  });

  test('instruction lines and keywords agree with dockerfile-ast', () => {
    const ast = DockerfileParser.parse(text.replace(/\r\n/g, '\n'))
      .getInstructions()
      .map((i) => [i.getRange().start.line + 1, i.getKeyword()]);
    expect(parsed.instructions.map((i) => [i.range.line, i.keyword])).toEqual(ast);
  });
});

describe('fixture details', () => {
  test('CUDA base: comments (pragmas) keep their lines, continuation comment included', () => {
    const parsed = parseDockerfile(read('cuda-ml-base.Dockerfile'), 'x');
    expect(parsed.comments.map((c) => c.line)).toEqual([2, 3, 15]);
    expect(parsed.comments[1]!.text).toBe('# hadolint ignore=DL3006');
    const apt = parsed.instructions.find((i) => i.args.startsWith('apt-get'))!;
    expect(apt.args).not.toContain('#');
    expect(apt.range).toMatchObject({ line: 13, endLine: 18 });
  });

  test('CUDA base: build args move the base', () => {
    const parsed = parseDockerfile(read('cuda-ml-base.Dockerfile'), 'x');
    const r = resolveDockerfile(parsed, { buildArgs: { CUDA_VERSION: '11.8.0', UBUNTU_VERSION: '20.04' } });
    expect(r.stages[0]!.fromResolved).toBe('nvidia/cuda:11.8.0-cudnn8-runtime-ubuntu20.04');
  });

  test('heredoc and cache mounts', () => {
    const parsed = parseDockerfile(read('heredoc-cache.Dockerfile'), 'x');
    const [aptRun, , entry, bash, mounts, py, two] = parsed.instructions.filter((i) => i.keyword !== 'FROM');
    expect(aptRun!.flags.map((f) => f.value)).toEqual([
      'type=cache,target=/var/cache/apt,sharing=locked',
      'type=cache,target=/var/lib/apt,sharing=locked',
    ]);
    expect(aptRun!.heredocs[0]!.body).toContain(
      'apt-get install -y --no-install-recommends ca-certificates curl',
    );
    expect(entry!.heredocs[0]).toMatchObject({
      delimiter: 'SCRIPT',
      stripTabs: true,
      quoted: true,
      body: '#!/bin/sh\nexec "$@"\n',
    });
    expect(bash!.words).toEqual(['<<EOT', 'bash']);
    expect(mounts!.flags).toHaveLength(2);
    expect(py!.heredocs[0]!.body).toBe('import sys\nprint(sys.version)\n');
    expect(two!.heredocs.map((h) => h.body)).toEqual(['alpha\n', 'beta\n']);
    const r = resolveDockerfile(parsed);
    expect(r.stages[1]!.mountFrom.map((m) => [m.mount.source, label(m.source)])).toEqual([
      ['/usr/bin/curl', 'stage:0'],
    ]);
  });

  test('escape=` with Windows line endings', () => {
    const parsed = parseDockerfile(read('windows-escape.Dockerfile'), 'x');
    const byKeyword = Object.fromEntries(parsed.instructions.map((i) => [i.keyword, i]));
    expect(byKeyword.RUN!.args).toBe(
      'New-Item -ItemType Directory C:\\app ;     Write-Host "created C:\\app"',
    );
    expect(byKeyword.COPY!.words).toEqual(['dist\\', 'C:\\app\\']);
    expect(byKeyword.ENV!.range).toMatchObject({ line: 10, endLine: 11 });
    expect(byKeyword.ENTRYPOINT!.words).toEqual(['C:\\app\\service.exe']);
    expect(byKeyword.SHELL!.words).toEqual(['powershell', '-Command', "$ErrorActionPreference = 'Stop';"]);
    expect(parsed.instructions.every((i) => !i.raw.includes('\r'))).toBe(true);
  });

  test('ARG-parameterised FROM with build args, platform and target', () => {
    const parsed = parseDockerfile(read('arg-from.Dockerfile'), 'x');
    const r = resolveDockerfile(parsed, {
      buildArgs: { BASE_IMAGE: 'ghcr.io/acme/cuda', CUDA_VERSION: '12.4.0', FLAVOR: '-slim' },
      platform: 'linux/arm64',
      target: 'ml',
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.stages.map((s) => s.fromResolved)).toEqual([
      'golang:1.22',
      'ghcr.io/acme/cuda:12.4.0-runtime-ubuntu22.04',
      'ghcr.io/acme/base-ml:12.4.0-runtime',
      'python:3.11-slim',
      'runtime',
    ]);
    expect(r.stages[0]!.platform).toBe('linux/amd64');
    expect(r.targetStage).toBe(2);
    expect(r.stages.map((s) => s.needed)).toEqual([true, false, true, false, false]);
    expect(r.globalArgValues).toMatchObject({ BASE_TAG: '12.4.0-runtime', FLAVOR: '-slim' });
  });
});
