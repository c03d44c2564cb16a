import type { BuildEvent } from '../types.js';

/**
 * Parser of the classic builder's output (`DOCKER_BUILDKIT=0 docker build`): `Step 2/5 : RUN x`,
 * ` ---> Using cache`, ` ---> Running in <id>`, `Successfully built <id>`, and
 * `The command '...' returned a non-zero code: N`. Steps are numbered vertices `step-N`.
 */

export interface ClassicParser {
  push(line: string, at?: number): BuildEvent[];
}

const STEP = /^Step (\d+)\/(\d+) : (.*)$/;
const ANSI = /\x1b\[[0-9;]*m/g;

export function createClassicParser(): ClassicParser {
  let current: { vertex: string; name: string; startedAt: number } | undefined;
  const end = (at: number): BuildEvent[] => {
    if (!current) return [];
    const ev: BuildEvent = {
      type: 'step-done',
      vertex: current.vertex,
      durationMs: at - current.startedAt,
      at,
    };
    current = undefined;
    return [ev];
  };
  return {
    push(line: string, at = 0): BuildEvent[] {
      const text = line.replace(ANSI, '').replace(/\r$/, '');
      const step = text.match(STEP);
      if (step) {
        const events = end(at);
        const vertex = `step-${step[1]}`;
        const name = `[${step[1]}/${step[2]}] ${step[3]}`;
        current = { vertex, name, startedAt: at };
        events.push({ type: 'step-start', vertex, step: Number(step[1]), total: Number(step[2]), name, at });
        return events;
      }
      if (/^ ---> Using cache$/.test(text) && current) {
        return [{ type: 'step-cached', vertex: current.vertex, name: current.name, at }];
      }
      if (/^Successfully built /.test(text)) return end(at);
      const failed = text.match(/^The command .* returned a non-zero code: \d+$/);
      if (failed && current) {
        const vertex = current.vertex;
        current = undefined;
        return [{ type: 'step-error', vertex, message: text, at }];
      }
      if (
        /^ ---> (Running in |[0-9a-f]{12}$)|^Removing intermediate container |^Sending build context/.test(
          text,
        )
      ) {
        return [];
      }
      if (text.trim() === '') return [];
      return [{ type: 'log', vertex: current?.vertex ?? '', text, at }];
    },
  };
}
