import type { ImageVerifyResult, TestResult, VerifyResult } from '../../verify/index.js';
import { type Colors, formatDiagnostic } from '../output.js';
import { formatDuration } from '../progress/format.js';

const MARK = { passed: '✓', failed: '✗', error: '!', skipped: '-' } as const;

function mark(t: TestResult, c: Colors): string {
  const m = MARK[t.status];
  return t.status === 'passed' ? c.green(m) : t.status === 'skipped' ? c.yellow(m) : c.red(m);
}

/** A test's line, with its errors or the reason it was not run below it; `image` in front when given. */
export function renderTestLine(t: TestResult, c: Colors, image?: string): string {
  const head = `${mark(t, c)} ${image ? `${c.bold(image)} ` : ''}${c.dim(t.kind)} ${t.name} ${c.dim(formatDuration(t.durationMs))}`;
  if (t.status === 'skipped') return `${head}\n    ${c.yellow(t.reason ?? 'not run')}`;
  if (t.status === 'passed') return head;
  const where = c.dim(`${t.file}${t.line !== undefined ? `:${t.line}` : ''}`);
  return [head, ...t.errors.map((e) => `    ${e}`), `    ${where}`].join('\n');
}

/**
 * An image's header word: FAIL when a test failed or errored (or none could run), NOT RUN when every test
 * was left unrun (interrupted, no GPU runtime): nothing passed there, so it never reads PASS; else PASS.
 */
export function imageVerdict(img: ImageVerifyResult, c: Colors): string {
  if (!img.ok) return c.red('FAIL');
  if (img.tests.every((t) => t.status === 'skipped')) return c.yellow('NOT RUN');
  return c.green('PASS');
}

/** `strata verify` for people: each image's tests, the failures with their reasons, then the totals. */
export function renderVerify(result: VerifyResult, c: Colors): string {
  const lines: string[] = [];
  for (const d of result.diagnostics) lines.push(formatDiagnostic(d, c));
  for (const img of result.images) {
    const id = img.imageId ? c.dim(` ${img.imageId.replace(/^sha256:/, '').slice(0, 12)}`) : '';
    lines.push(`${imageVerdict(img, c)} ${c.bold(img.image)} ${c.dim(img.ref)}${id}`);
    if (img.error) lines.push(`  ${c.red(img.error)}`);
    for (const t of img.tests) lines.push(renderTestLine(t, c).replace(/^/gm, '  '));
  }
  const n = result.counts;
  const parts = [
    c.green(`${n.passed} passed`),
    n.failed > 0 ? c.red(`${n.failed} failed`) : `${n.failed} failed`,
    ...(n.error > 0 ? [c.red(`${n.error} errors`)] : []),
    ...(n.skipped > 0 ? [c.yellow(`${n.skipped} not run`)] : []),
  ];
  lines.push('');
  lines.push(
    `${result.ok ? c.green('PASS') : c.red('FAIL')} ${parts.join(', ')} ${c.dim(`in ${formatDuration(result.durationMs)}, run ${result.runId}`)}${result.interrupted ? c.yellow(' (interrupted)') : ''}`,
  );
  return lines.join('\n');
}
