import type { TestResult, VerifyResult } from '../result.js';

/** XML 1.0 text: the five entities escaped, characters XML cannot hold dropped. */
function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const secs = (ms: number) => (ms / 1000).toFixed(3);

function testcase(image: string, t: TestResult): string {
  const where = `${t.file}${t.line !== undefined ? `:${t.line}` : ''}`;
  const open = `    <testcase name="${xml(`${t.kind}: ${t.name}`)}" classname="${xml(`${image}.${t.kind}`)}" time="${secs(t.durationMs)}"`;
  const body: string[] = [];
  const message = t.errors[0] ?? '';
  if (t.status === 'failed')
    body.push(
      `      <failure message="${xml(message)}" type="${t.kind}">${xml(`${where}\n${t.errors.join('\n')}`)}</failure>`,
    );
  else if (t.status === 'error')
    body.push(
      `      <error message="${xml(message)}" type="${t.kind}">${xml(`${where}\n${t.errors.join('\n')}`)}</error>`,
    );
  else if (t.status === 'skipped') body.push(`      <skipped message="${xml(t.reason ?? 'not run')}"/>`);
  if (t.status !== 'passed' && t.stdout) body.push(`      <system-out>${xml(t.stdout)}</system-out>`);
  if (t.status !== 'passed' && t.stderr) body.push(`      <system-err>${xml(t.stderr)}</system-err>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

/**
 * JUnit XML (the Ant/Jenkins form CI systems read): one <testsuite> per image, one <testcase> per test;
 * failed tests carry <failure>, tests strata could not carry out <error>, tests not run <skipped>. An image
 * that could not be tested is a suite with one errored case. Validated in tests against the Jenkins
 * JUnit schema.
 */
export function toJunitXml(result: VerifyResult): string {
  const suites = result.images.map((img) => {
    const cases = img.error
      ? [
          `    <testcase name="image" classname="${xml(img.image)}" time="0.000">\n      <error message="${xml(img.error)}" type="image"/>\n    </testcase>`,
        ]
      : img.tests.map((t) => testcase(img.image, t));
    const count = (s: string) => img.tests.filter((t) => t.status === s).length;
    const attrs = [
      `name="${xml(img.image)}"`,
      `tests="${img.error ? 1 : img.tests.length}"`,
      `failures="${count('failed')}"`,
      `errors="${img.error ? 1 : count('error')}"`,
      `skipped="${count('skipped')}"`,
      `time="${secs(img.durationMs)}"`,
    ];
    return `  <testsuite ${attrs.join(' ')}>\n${cases.join('\n')}\n  </testsuite>`;
  });
  const c = result.counts;
  const tests = c.passed + c.failed + c.error + c.skipped;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="strata verify" tests="${tests}" failures="${c.failed}" errors="${c.error}" time="${secs(result.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
