import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

/** The text of a recorded real output, `test/fixtures/<area>/<name>` (area like `engine/progress`). */
export function readRecorded(area: string, name: string): string {
  return readFileSync(path.join(FIXTURES, area, name), 'utf8');
}
