import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/build/diagnose.js';
import { dockerignoreMatcher, isValidPattern } from '../../../src/discover/dockerignore.js';
import { nestingBeyond } from '../../../src/discover/yaml-source.js';
import { appendHistory, type HistoryRun, readHistory } from '../../../src/state/history.js';
import { historyPath, statePath, strataDir } from '../../../src/state/paths.js';
import { readState } from '../../../src/state/state.js';
import { runCli as strata } from '../../helpers/cli.js';
import { testdir } from '../../helpers/testdir.js';

const BIN = path.resolve(import.meta.dirname, '../../../bin/strata.js');
const run = (n: number): HistoryRun => ({
  version: 1,
  startedAt: `t${n}`,
  durationMs: n,
  ok: true,
  images: [],
});

describe('bad state and bad input: one clear line, never a stack', () => {
  it('a .dockerignore pattern Docker rejects: the image is blocked with the file:line Docker would fail on', async () => {
    expect(['[', 'a\\', '[]', 'x[a-'].map(isValidPattern)).toEqual([false, false, false, false]);
    expect(['*.log', '[a-z]*', '\\[x', '!keep'].map(isValidPattern)).toEqual([true, true, true, true]);
    expect(dockerignoreMatcher('# c\nnode_modules\n[\n', '.dockerignore').invalid).toEqual([
      { line: 3, pattern: '[' },
    ]);
    const root = await testdir({
      Dockerfile: 'FROM busybox\nCOPY . /a\n',
      '.dockerignore': 'node_modules\n[\n',
    });
    const r = await strata(['plan', '--dir', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\.dockerignore:2: syntax error in pattern "\["/);
    expect(r.stderr).not.toMatch(/internal error|at /);
  });

  it('a state.json of the wrong shape or cut short is set aside with a warning', async () => {
    for (const text of ['{"version": 1, "images": ', '[1,2]', '{"version":1,"images":[]}']) {
      const root = await testdir({});
      await fs.mkdir(strataDir(root), { recursive: true });
      await fs.writeFile(statePath(root), text);
      const problems: string[] = [];
      expect(await readState(root, (p) => problems.push(p))).toEqual({ version: 1, images: {} });
      expect(problems[0]).toMatch(/set aside as .*state\.json\.broken/);
      expect(await fs.readFile(`${statePath(root)}.broken`, 'utf8')).toBe(text);
    }
  });

  it('a history cut mid-line: the next run goes on a line of its own; the torn line is reported, not read', async () => {
    const root = await testdir({});
    await appendHistory(root, run(1));
    await fs.appendFile(historyPath(root), '{"version":1,"startedAt":"t');
    await appendHistory(root, run(2));
    await fs.appendFile(historyPath(root), '["not a run"]\n');
    const problems: string[] = [];
    expect((await readHistory(root, undefined, (p) => problems.push(p))).map((r) => r.durationMs)).toEqual([
      1, 2,
    ]);
    expect(problems).toEqual([`${historyPath(root)}: 2 lines that are not a run left out`]);
  });

  it('deeply nested YAML is refused before it is parsed', async () => {
    expect(nestingBeyond(`a: ${'['.repeat(65)}`, 64)).toBe(1);
    expect(nestingBeyond(`a:\n${' '.repeat(200)}b: 1\n`, 64)).toBe(2);
    expect(nestingBeyond('a: "[[[[[["\nb: [1, {c: 2}]\n', 3)).toBeUndefined();
    const root = await testdir({
      'docker-compose.yml': `services:\n  a: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
    });
    const r = await strata(['scan', root]);
    expect(r.stdout + r.stderr).toMatch(
      /docker-compose\.yml:2 error STRATA_COMPOSE_YAML .* nests more than 64 levels/,
    );
  });

  it("apt's [Y/n] question in a build is diagnosed as a prompt", () => {
    const d = diagnose({
      ok: false,
      durationMs: 1,
      steps: [],
      logTail: ['#6 1.2 Do you want to continue? [Y/n] Abort.'],
      failure: { kind: 'error', message: 'exit code: 1' },
    });
    expect(d.kind).toBe('prompt');
    expect(d.hints.map((h) => h.code)).toContain('apt-prompt');
  });

  it('output piped into a reader that stops early ends quietly', async () => {
    const child = spawn(process.execPath, [BIN, 'lint', '--list-rules']);
    let err = '';
    child.stderr.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(err).toBe('');
  });
});
