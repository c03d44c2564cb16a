import type { Range } from '../../model/dockerfile.js';
import type { Finding } from '../rule.js';
import { firstLine } from '../stages.js';
import type { InstallCall, InstalledPackage } from './installs.js';

/** A range covering line `line` of a file (requirement files, versions files). */
export function lineRange(line: number, length = 1): Range {
  return { line, column: 1, endLine: line, endColumn: 1 + Math.max(1, length) };
}

export function finding(file: string, range: Range | undefined, message: string, fix?: string): Finding {
  const f: Finding = { message, file };
  if (range) f.range = range;
  if (fix) f.fix = fix;
  return f;
}

/** Where a package is asked for: its line in the requirements file, or the RUN that names it. */
export function packageFinding(
  call: InstallCall,
  pkg: InstalledPackage,
  message: string,
  fix?: string,
): Finding {
  if (pkg.file !== call.dockerfile) return finding(pkg.file, lineRange(pkg.line), message, fix);
  return finding(call.dockerfile, firstLine(call.instruction), message, fix);
}

/** `file:line` for messages. */
export function where(call: InstallCall, pkg?: InstalledPackage): string {
  if (pkg && pkg.file !== call.dockerfile) return `${pkg.file}:${pkg.line}`;
  return `${call.dockerfile}:${call.instruction.range.line}`;
}

/** "a, b and c". */
export function listText(items: string[], max = 6): string {
  const shown = items.slice(0, max);
  const more = items.length - shown.length;
  if (more > 0) return `${shown.join(', ')} and ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
