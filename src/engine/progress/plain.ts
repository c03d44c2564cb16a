import type { BuildEvent } from '../types.js';

/**
 * Parser of BuildKit's `--progress=plain` output (moby/buildkit util/progress/progressui, as printed by
 * Docker 20.10 and buildx): vertices `#N name`, their `CACHED` / `DONE 1.2s` / `ERROR: ...` /
 * `CANCELED` ends, timed log lines `#N 0.257 text`, status lines, and the `------` error summary.
 * Stateful (it remembers vertex names), fed one line at a time; `at` is the time the line arrived.
 */

/** `[stage 2/4] RUN x`, `[2/4] COPY . .`, `[internal] load ...`: the bracketed part. */
export interface StepLabel {
  stage?: string;
  step?: number;
  total?: number;
  internal: boolean;
  /** The instruction text after the bracket (`RUN x`). */
  instruction: string;
}

export function parseStepLabel(name: string): StepLabel {
  const m = name.match(/^\[(?:(\S+) )?(\d+)\/(\d+)\] (.*)$/s);
  if (m) {
    const label: StepLabel = {
      step: Number(m[2]),
      total: Number(m[3]),
      internal: false,
      instruction: m[4] ?? '',
    };
    if (m[1]) label.stage = m[1];
    return label;
  }
  const internal = /^\[internal\]/.test(name);
  return { internal, instruction: name.replace(/^\[[^\]]*\]\s*/, '') };
}

const VERTEX = /^#(\d+) (.*)$/;
const TIMED_LOG = /^(\d+\.\d+) ?(.*)$/s;
const DONE = /^DONE (\d+(?:\.\d+)?)s$/;

export interface PlainParser {
  push(line: string, at?: number): BuildEvent[];
  /** Vertex names seen so far, by vertex id (`#5` -> `[2/3] RUN ...`). */
  names(): ReadonlyMap<string, string>;
}

export function createPlainParser(): PlainParser {
  const names = new Map<string, string>();
  // The vertex whose header was the last `#N name` line; a name line for a vertex already seen
  // (after BuildKit's `#N ...` interleaving marker) is not a new start.
  return {
    names: () => names,
    push(line: string, at = 0): BuildEvent[] {
      const text = line.replace(/\r$/, '');
      const m = text.match(VERTEX);
      if (!m) {
        if (text.trim() === '') return [];
        return [{ type: 'log', vertex: '', text, at }];
      }
      const vertex = `#${m[1]}`;
      const rest = m[2] ?? '';
      if (!names.has(vertex)) {
        names.set(vertex, rest);
        return [{ type: 'step-start', vertex, name: rest, at, ...stepOf(rest) }];
      }
      const name = names.get(vertex) ?? '';
      if (rest === name || rest === '...' || /^sha256:[0-9a-f]{64}$/.test(rest)) return [];
      if (rest === 'CACHED') return [{ type: 'step-cached', vertex, name, at, ...stepOf(name) }];
      const done = rest.match(DONE);
      if (done) return [{ type: 'step-done', vertex, durationMs: Math.round(Number(done[1]) * 1000), at }];
      if (rest.startsWith('ERROR: ') || rest === 'ERROR') {
        return [{ type: 'step-error', vertex, message: rest.replace(/^ERROR:? ?/, ''), at }];
      }
      if (rest === 'CANCELED' || rest === 'CANCELLED') {
        return [{ type: 'step-error', vertex, message: 'canceled', at }];
      }
      const timed = rest.match(TIMED_LOG);
      return [{ type: 'log', vertex, text: timed ? (timed[2] ?? '') : rest, at }];
    },
  };
}

function stepOf(name: string): { step?: number; total?: number } {
  const label = parseStepLabel(name);
  return label.step === undefined ? {} : { step: label.step, total: label.total };
}
