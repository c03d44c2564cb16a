import { type Copy, DockerfileParser, type From } from 'dockerfile-ast';
import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';

/**
 * Regressions for dockerfile-ast's gaps. Each case shows what dockerfile-ast answers (so a fix
 * upstream shows up here) and what strata's parser answers.
 */
describe('dockerfile-ast gaps, fixed by our parser', () => {
  test.each([
    ['COPY --chown=a:b --from=builder /x /y'],
    ['COPY --from=builder --chown=a:b /x /y'],
    ['COPY --link --from=builder /x /y'],
  ])('COPY --from next to another flag: %s', (line) => {
    const text = `FROM alpine AS builder\nFROM alpine\n${line}\n`;
    const ast = DockerfileParser.parse(text).getInstructions()[2] as Copy;
    expect(ast.getFromFlag()).toBeNull();
    const ours = parseDockerfile(text, 'Dockerfile').instructions[2]!;
    expect(ours.flags.find((f) => f.name === 'from')?.value).toBe('builder');
  });

  test('FROM --platform next to another flag', () => {
    const text = 'FROM --platform=linux/arm64 --unknown=1 alpine AS a\n';
    const ast = DockerfileParser.parse(text).getFROMs()[0] as From;
    expect(ast.getPlatformFlag()).toBeNull();
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.stages[0]).toMatchObject({ platform: 'linux/arm64', from: 'alpine', name: 'a' });
  });

  test('several ARGs on one line', () => {
    const text = 'ARG A=1 B="two words" C\nFROM alpine\n';
    const ast = DockerfileParser.parse(text).getARGs()[0]!;
    expect(ast.getProperty()).toBeNull();
    expect(parseDockerfile(text, 'Dockerfile').globalArgs).toEqual([
      { name: 'A', value: '1', line: 1 },
      { name: 'B', value: 'two words', line: 1 },
      { name: 'C', line: 1 },
    ]);
  });

  test('<<- on one heredoc made every heredoc of the line strip tabs', () => {
    const text = 'FROM alpine\nRUN <<-A <<B\n\tone\n\tA\n\tB\nB\nUSER app\n';
    const astKeywords = DockerfileParser.parse(text)
      .getInstructions()
      .map((i) => i.getKeyword());
    expect(astKeywords).toEqual(['FROM', 'RUN', 'B', 'USER']);
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'USER']);
    expect(parsed.diagnostics).toEqual([]);
  });

  test('a heredoc with a file descriptor (3<<EOF) was not seen', () => {
    const text = 'FROM alpine\nRUN 3<<EOF cat /dev/fd/3\nFROM evil\nEOF\n';
    const astKeywords = DockerfileParser.parse(text)
      .getInstructions()
      .map((i) => i.getKeyword());
    expect(astKeywords).toEqual(['FROM', 'RUN', 'FROM', 'EOF']);
    const parsed = parseDockerfile(text, 'Dockerfile');
    expect(parsed.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
    expect(parsed.stages).toHaveLength(1);
  });

  test('a directive after an unknown directive is a comment (BuildKit), not a directive', () => {
    const text = '# unknown=1\n# escape=`\nFROM alpine\n';
    expect(DockerfileParser.parse(text).getEscapeCharacter()).toBe('`');
    expect(parseDockerfile(text, 'Dockerfile').escape).toBe('\\');
  });

  test('comment lines inside a continuation are not part of the arguments', () => {
    const text = 'FROM alpine\nRUN echo \\\n  # note\n  hi\n';
    expect(DockerfileParser.parse(text).getInstructions()[1]!.getArgumentsContent()).toContain('# note');
    expect(parseDockerfile(text, 'Dockerfile').instructions[1]!.args).toBe('echo   hi');
  });
});
