import type { BuildEvent } from '../types.js';
import { createClassicParser } from './classic.js';
import { createPlainParser } from './plain.js';

export { createClassicParser } from './classic.js';
export { createPlainParser, parseStepLabel, type StepLabel } from './plain.js';
export { cachedShare, countedSteps, failedStep, summarizeSteps } from './steps.js';

export interface ProgressParser {
  push(line: string, at?: number): BuildEvent[];
}

/**
 * A parser for either output: BuildKit's plain progress (`#1 [internal] ...`) or the classic builder's
 * (`Sending build context`, `Step 1/4 :`), decided by the first line that says which.
 */
export function createProgressParser(): ProgressParser {
  let chosen: ProgressParser | undefined;
  return {
    push(line: string, at = 0): BuildEvent[] {
      if (!chosen) {
        if (/^#\d+ /.test(line)) chosen = createPlainParser();
        else if (/^(Sending build context|Step \d+\/\d+ :)/.test(line)) chosen = createClassicParser();
        else return line.trim() === '' ? [] : [{ type: 'log', vertex: '', text: line, at }];
      }
      return chosen.push(line, at);
    },
  };
}

/** Parses a whole recorded output of either kind. */
export function parseProgress(text: string): BuildEvent[] {
  const parser = createProgressParser();
  return text.split('\n').flatMap((line) => parser.push(line));
}
