// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile and shell text, not templates
import { describe, expect, test } from 'vitest';
import { commandName, hasFlag, parseShell, type ShellCommand } from '../../../src/dockerfile/index.js';

/** Words of each command, joined, with the operator in front: `&& apt-get install -y`. */
function outline(script: string): string[] {
  return parseShell(script).map((c) => `${c.operator} ${c.words.join(' ')}`);
}

describe('parseShell', () => {
  test.each([
    ['apt-get update', ['start apt-get update']],
    ['apt-get update && apt-get install -y curl', ['start apt-get update', '&& apt-get install -y curl']],
    ['a || b; c | d', ['start a', '|| b', '; c', '| d']],
    ['a\nb\n\nc', ['start a', '; b', '; c']],
    ['a &&\n  b', ['start a', '&& b']],
    ['a && \\\n  b \\\n  c', ['start a', '&& b c']],
    ['a & b', ['start a', '; b']],
    ['echo "a && b" \'c; d\'', ['start echo a && b c; d']],
    ['echo a\\ b \\&\\& c', ['start echo a b && c']],
    ['echo "$(date +%s && true)" `uname -m`', ['start echo $(date +%s && true) `uname -m`']],
    ['echo ${VAR:-a;b} $((1+2))', ['start echo ${VAR:-a;b} $((1+2))']],
    ['cd /x && (make && make install) || true', ['start cd /x', '&& make', '&& make install', '|| true']],
    ['if [ -f x ]; then rm x; fi', ['start [ -f x ]', '; rm x']],
    ['for f in a b; do echo $f; done', ['start for f in a b', '; echo $f']],
    ['{ echo a; echo b; } > out', ['start echo a', '; echo b']],
    ['! grep -q x file', ['start grep -q x file']],
    ['a # comment && b\nc', ['start a', '; c']],
    ['echo a#b', ['start echo a#b']],
    ['curl -fsSL https://x | bash -s --', ['start curl -fsSL https://x', '| bash -s --']],
    ['a |& b', ['start a', '| b']],
    ['', []],
    ['  \n ; ;; \n', []],
    ['set -eux;', ['start set -eux']],
  ])('%j', (script, expected) => {
    expect(outline(script)).toEqual(expected);
  });

  test('env assignments before the command are kept apart', () => {
    const [cmd] = parseShell('DEBIAN_FRONTEND=noninteractive TZ="Europe/Paris" apt-get install -y tzdata');
    expect(cmd).toMatchObject({
      words: ['apt-get', 'install', '-y', 'tzdata'],
      env: { DEBIAN_FRONTEND: 'noninteractive', TZ: 'Europe/Paris' },
    });
  });

  test('an assignment alone is a command with env and no words; after the command it is a word', () => {
    expect(parseShell('A=1 && export B=2')).toMatchObject([
      { words: [], env: { A: '1' } },
      { words: ['export', 'B=2'], env: {} },
    ]);
  });

  test('redirections are kept out of the words', () => {
    expect(parseShell('apt-get install -y curl >/dev/null 2>&1 < in &>> log')[0]).toMatchObject({
      words: ['apt-get', 'install', '-y', 'curl'],
      redirects: ['>/dev/null', '2>&1', '<in', '&>>log'],
    });
    expect(parseShell('echo hi > "my file"')[0]!.redirects).toEqual(['>my file']);
  });

  test('heredoc bodies inside a script are skipped', () => {
    const script =
      'cat <<EOF > /etc/x.conf\nrm -rf /\nEOF\necho done\ncat <<-END\n\tnot a command\n\tEND\nls';
    expect(outline(script)).toEqual(['start cat', '; echo done', '; cat', '; ls']);
    expect(parseShell(script)[0]!.redirects).toEqual(['<<EOF', '>/etc/x.conf']);
  });

  test('offsets point at the start of each command', () => {
    const script = 'apt-get update && DEBIAN_FRONTEND=x apt-get install\n  pip install y';
    const offsets = parseShell(script).map((c) => c.offset);
    expect(offsets.map((o) => script.slice(o, o + 7))).toEqual(['apt-get', 'DEBIAN_', 'pip ins']);
  });

  test('pipedFrom points at the command that feeds the pipe', () => {
    const cmds = parseShell('a && b | c | d');
    expect(cmds.map((c) => c.pipedFrom)).toEqual([undefined, undefined, 1, 2]);
  });

  test('unclosed quotes and parentheses do not throw', () => {
    for (const script of [
      'echo "open',
      "echo 'open",
      'echo $(open',
      'echo `open',
      'echo ${open',
      'a >',
      'a \\',
    ]) {
      expect(() => parseShell(script)).not.toThrow();
    }
  });
});

describe('commandName', () => {
  const cmd = (script: string): ShellCommand => parseShell(script)[0]!;
  test.each([
    ['apt-get install -y x', 'apt-get'],
    ['/usr/bin/pip install x', 'pip'],
    ['X=1 ./configure', 'configure'],
    ['sudo apt-get install x', 'sudo'],
  ])('%s', (script, name) => {
    expect(commandName(cmd(script))).toBe(name);
  });

  test('no command', () => {
    expect(commandName(cmd('A=1'))).toBeUndefined();
  });
});

describe('hasFlag', () => {
  const cmd = (script: string): ShellCommand => parseShell(script)[0]!;
  test.each([
    ['apt-get install -y curl', true],
    ['apt-get install --yes curl', true],
    ['apt-get install --assume-yes curl', true],
    ['apt-get install -qy curl', true],
    ['apt-get install -yq curl', true],
    ['apt-get install --yes=true curl', true],
    ['apt-get install curl', false],
    ['apt-get install --no-install-recommends curl', false],
    ['apt-get install curl -- -y', false],
    ['apt-get -y-not-a-group install', false],
  ])('%s', (script, expected) => {
    expect(hasFlag(cmd(script), '-y', '--yes', '--assume-yes')).toBe(expected);
  });
});
