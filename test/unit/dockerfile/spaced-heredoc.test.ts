import { describe, expect, test } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';

describe('a space after << (BuildKit opens no heredoc)', () => {
  test("RUN python - << 'EOF': the body lines are instructions, and the first says why", () => {
    const p = parseDockerfile(
      "FROM debian\nRUN python3 - << 'EOF'\nimport sys\nEOF\nRUN echo ok\n",
      'Dockerfile',
    );
    expect(p.instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'IMPORT', 'EOF', 'RUN']);
    expect(p.instructions[1]!.heredocs).toEqual([]);
    expect(p.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['STRATA_DF_UNKNOWN_INSTRUCTION', 3],
      ['STRATA_DF_UNKNOWN_INSTRUCTION', 4],
    ]);
    expect(p.diagnostics[0]!.hint).toBe(
      'line 2 writes `<< EOF` with a space: BuildKit opens no heredoc there and reads the lines after it as instructions; write `<<EOF`',
    );
  });

  test("RUN python - <<'EOF' is a heredoc", () => {
    const p = parseDockerfile("FROM debian\nRUN python3 - <<'EOF'\nimport sys\nEOF\n", 'Dockerfile');
    expect(p.diagnostics).toEqual([]);
    expect(p.instructions[1]!.heredocs.map((h) => h.delimiter)).toEqual(['EOF']);
  });
});
