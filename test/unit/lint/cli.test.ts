import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { CliIO } from '../../../src/cli/context.js';
import { main } from '../../../src/cli/main.js';
import { dedent, testdir } from '../../helpers/testdir.js';
import { FIXTURES, OFF_FOR_PRECISION } from './helpers.js';

function memoryIO(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    isTTY: false,
    color: false,
    ci: false,
    exitCode: 0,
    out: () => out,
    err: () => err,
  };
}

async function run(...args: string[]) {
  const io = memoryIO();
  // Every rule on, off-by-default ones too: these tests are about the command, not the defaults.
  const all = args.some((a) => a === 'rules' || a.startsWith('--enable'))
    ? []
    : OFF_FOR_PRECISION.flatMap((id) => ['--enable', id]);
  const code = await main(['node', 'strata', 'lint', ...args, ...all], io);
  return { code, out: io.out(), err: io.err() };
}

const bad = path.join(FIXTURES, 'hygiene/copy-not-add/bad');
const good = path.join(FIXTURES, 'hygiene/workdir-absolute/good');

describe('strata lint', () => {
  test('exit 1 when an error finding reaches the default threshold', async () => {
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain('copy-not-add');
    expect(r.out).toMatch(/Dockerfile:3:1 error copy-not-add ADD of local file app.py/);
    expect(r.out).toContain('fix: replace ADD with COPY');
  });

  test('exit 0 on a clean repository', async () => {
    const r = await run(good, '--ignore', 'runs-as-root');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  test('--failure-threshold none never fails; warning fails on warnings', async () => {
    expect((await run(bad, '--failure-threshold', 'none')).code).toBe(0);
    const warnOnly = path.join(FIXTURES, 'hygiene/from-latest/bad');
    expect((await run(warnOnly)).code).toBe(0);
    expect((await run(warnOnly, '--failure-threshold', 'warning')).code).toBe(1);
  });

  test('--severity and --ignore change the outcome', async () => {
    expect((await run(bad, '--severity', 'copy-not-add=info')).code).toBe(0);
    expect((await run(bad, '--ignore', 'DL3020')).code).toBe(0);
  });

  test('bad usage exits 2', async () => {
    expect((await run(bad, '--format', 'xml')).code).toBe(2);
    expect((await run(bad, '--failure-threshold', 'fatal')).code).toBe(2);
    expect((await run(bad, '--severity', 'copy-not-add')).code).toBe(2);
    expect((await run(bad, '--severity', 'copy-not-add=loud')).code).toBe(2);
    expect((await run(path.join(FIXTURES, 'does-not-exist'))).code).toBe(2);
  });

  test('--enable turns on a rule that is off by default', async () => {
    const dir = path.join(FIXTURES, 'hygiene/apt-pin-versions/bad');
    expect((await run(dir, '--format', 'json')).out).not.toContain('"apt-pin-versions"');
    expect((await run(dir, '--format', 'json', '--enable', 'apt-pin-versions')).out).toContain(
      '"apt-pin-versions"',
    );
  });

  test('a single Dockerfile path is linted on its own', async () => {
    const root = await testdir({
      'svc/Dockerfile': dedent(`
        FROM alpine:3.19
        ADD app.py /app/
      `),
      'other/Dockerfile': 'FROM ubuntu\n',
    });
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const r = await run('svc/Dockerfile', '--format', 'json');
      const report = JSON.parse(r.out) as { findings: { rule: string; file: string; line: number }[] };
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.rule}`)).toContain(
        'svc/Dockerfile:2:copy-not-add',
      );
      expect(report.findings.some((f) => f.file.startsWith('other/'))).toBe(false);
      expect(r.code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });

  test('--format github writes workflow annotations', async () => {
    const r = await run(bad, '--format', 'github');
    expect(r.out).toMatch(
      /^::error file=Dockerfile,line=3,endLine=3,col=1,endColumn=\d+,title=copy-not-add::ADD of local/m,
    );
  });

  test('--list-rules lists every rule, --json as data', async () => {
    const text = await run('--list-rules');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/apt-pin-versions\s+hygiene\s+warning\s+off\s+DL3008/);
    const json = JSON.parse((await run('--list-rules', '--json')).out) as {
      id: string;
      hadolint: string | null;
    }[];
    expect(json.find((r) => r.id === 'apt-no-install-recommends')?.hadolint).toBe('DL3015');
  });
});
