import { describe, expect, test } from 'vitest';
import { defaultLintConfig } from '../../../src/lint/config.js';
import { lintGraph } from '../../../src/lint/engine.js';
import { registryProblems, ruleMetas } from '../../../src/lint/registry.js';
import type { Rule, RuleMeta } from '../../../src/lint/rule.js';
import { scanRepository } from '../../../src/scan.js';
import { dedent, testdir } from '../../helpers/testdir.js';

function meta(id: string, extra: Partial<RuleMeta> = {}): RuleMeta {
  return { id, category: 'hygiene', severity: 'warning', enabledByDefault: true, description: id, ...extra };
}

async function repo() {
  const root = await testdir({
    'a/Dockerfile': dedent(`
      FROM alpine:3.19 AS build
      RUN echo a
      FROM alpine:3.19
      COPY --from=build /x /x
    `),
    'b/Dockerfile': 'FROM alpine:3.19\nRUN echo b\n',
    'compose.yaml':
      'services:\n  a:\n    build: ./a\n  a2:\n    build:\n      context: ./a\n      target: build\n  b:\n    build: ./b\n',
  });
  const { discovery, dockerfiles, graph } = await scanRepository(root);
  return { root, discovery, dockerfiles, graph };
}

describe('lint engine', () => {
  test('runs each rule at its scope', async () => {
    const calls: Record<string, string[]> = {};
    const seen = (scope: string, what: string) => {
      calls[scope] = [...(calls[scope] ?? []), what];
      return [];
    };
    const rules: Rule[] = [
      {
        meta: meta('i'),
        scope: 'instruction',
        keywords: ['RUN'],
        check: (ins, _s, f) => seen('instruction', `${f.file}:${ins.range.line}`),
      },
      { meta: meta('s'), scope: 'stage', check: (s, f) => seen('stage', `${f.file}#${s.index}`) },
      { meta: meta('d'), scope: 'dockerfile', check: (f) => seen('dockerfile', f.file) },
      { meta: meta('m'), scope: 'image', check: (img) => seen('image', img.id) },
      { meta: meta('f'), scope: 'family', check: () => seen('family', 'once') },
      { meta: meta('c'), scope: 'context', check: (ctx, imgs) => seen('context', `${ctx}:${imgs.length}`) },
    ];
    await lintGraph(await repo(), { rules });
    expect(calls.instruction?.sort()).toEqual(['a/Dockerfile:2', 'b/Dockerfile:2']);
    expect(calls.stage?.sort()).toEqual(['a/Dockerfile#0', 'a/Dockerfile#1', 'b/Dockerfile#0']);
    expect(calls.dockerfile?.sort()).toEqual(['a/Dockerfile', 'b/Dockerfile']);
    expect(calls.image?.sort()).toEqual(['a', 'a2', 'b']);
    expect(calls.family).toEqual(['once']);
    expect(calls.context?.sort()).toEqual(['a:2', 'b:1']);
  });

  test('a rule that throws is reported as a problem and the others still run', async () => {
    const rules: Rule[] = [
      {
        meta: meta('boom'),
        scope: 'family',
        check: () => {
          throw new Error('kaput');
        },
      },
      {
        meta: meta('fine', { severity: 'info' }),
        scope: 'dockerfile',
        check: (f) => [
          {
            message: 'seen',
            file: f.file,
            range: { line: 1, column: 1, endLine: 1, endColumn: 5 },
            fix: 'none',
          },
        ],
      },
    ];
    const result = await lintGraph(await repo(), { rules });
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        code: 'STRATA_LINT_RULE_FAILED',
        severity: 'error',
        message: 'rule boom failed: kaput',
      }),
    );
    expect(result.diagnostics.map((d) => `${d.file}:${d.code}:${d.severity}:${d.hint}`)).toEqual([
      'a/Dockerfile:fine:info:none',
      'b/Dockerfile:fine:info:none',
    ]);
    expect(result.failed).toBe(true);
  });

  test('findings are deduplicated across images of one Dockerfile, sorted, and severity overridden', async () => {
    const rules: Rule[] = [
      {
        meta: meta('per-image'),
        scope: 'image',
        check: (img) => [
          { message: 'same', file: img.dockerfile, range: { line: 3, column: 1, endLine: 3, endColumn: 2 } },
          { message: 'early', file: img.dockerfile, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
        ],
      },
    ];
    const config = { ...defaultLintConfig(), severity: { 'per-image': 'error' as const } };
    const result = await lintGraph(await repo(), { rules, config });
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.severity}`)).toEqual([
      'a/Dockerfile:1:error',
      'a/Dockerfile:3:error',
      'b/Dockerfile:1:error',
      'b/Dockerfile:3:error',
    ]);
    expect(result.counts).toEqual({ error: 4, warning: 0, info: 0 });
    expect(result.diagnostics[0]!.rule.id).toBe('per-image');
  });

  test('rules off by default run only when enabled; ignored rules never run', async () => {
    let ran = 0;
    const rules: Rule[] = [
      {
        meta: meta('opt-in', { enabledByDefault: false }),
        scope: 'family',
        check: () => {
          ran++;
          return [];
        },
      },
    ];
    await lintGraph(await repo(), { rules });
    expect(ran).toBe(0);
    await lintGraph(await repo(), { rules, config: { ...defaultLintConfig(), enable: ['opt-in'] } });
    expect(ran).toBe(1);
    await lintGraph(await repo(), {
      rules,
      config: { ...defaultLintConfig(), enable: ['opt-in'], ignore: ['opt-in'] },
    });
    expect(ran).toBe(1);
  });

  test('the registry has unique kebab-case ids and one rule per hadolint code', () => {
    expect(registryProblems()).toEqual([]);
    const codes = ruleMetas().flatMap((m) => (m.hadolint ? [m.hadolint] : []));
    for (const code of [
      'DL3000',
      'DL3002',
      'DL3003',
      'DL3004',
      'DL3006',
      'DL3007',
      'DL3008',
      'DL3009',
      'DL3014',
      'DL3015',
      'DL3020',
      'DL3022',
      'DL3023',
      'DL3024',
      'DL3025',
      'DL3027',
      'DL3042',
      'DL3047',
      'DL3057',
      'DL3059',
      'DL3064',
      'DL4000',
      'DL4006',
    ]) {
      expect(codes).toContain(code);
    }
  });
});

describe('rule docs', () => {
  const metas = ruleMetas().filter((m) => m.category === 'hygiene' || m.category === 'security');
  test.each(metas)('docs/rules/$id.md describes the rule', async (m) => {
    const { readFile } = await import('node:fs/promises');
    const page = await readFile(new URL(`../../../docs/rules/${m.id}.md`, import.meta.url), 'utf8');
    expect(page.startsWith(`# ${m.id}\n`)).toBe(true);
    for (const section of ['## Why', '## Bad', '## Good', '## Fix']) expect(page).toContain(section);
    expect(page).toContain(
      `| ${m.category} | ${m.severity} | ${m.enabledByDefault ? 'on' : 'off'} | ${m.hadolint ?? '-'} |`,
    );
  });
});
