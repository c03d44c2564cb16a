import { type Diagnostic, diagnostic } from '../model/diagnostic.js';
import type { ParsedDockerfile } from '../model/dockerfile.js';
import { canonicalRuleId } from './config.js';
import type { RuleMeta } from './rule.js';

/** Rule ids switched off in parts of one Dockerfile by comments. */
export interface Pragmas {
  /** Ignored in the whole file (`# strata global ignore=`, `# hadolint global ignore=`). */
  global: Set<string>;
  /** Ignored on a span of lines (the next instruction, or the rest of a stage). Inclusive. */
  spans: { from: number; to: number; ids: Set<string> }[];
  /** Pragmas that name unknown rules or are malformed. */
  diagnostics: Diagnostic[];
}

const STRATA = /^strata\s+(?:(global|stage)\s+)?ignore\s*=\s*([\w.-]+(?:\s*,\s*[\w.-]+)*)(?:\s+(.*))?$/i;
const HADOLINT = /^hadolint\s+(?:(global)\s+)?ignore\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)\s*$/i;

/**
 * Reads the ignore pragmas of a Dockerfile:
 * - `# strata ignore=ID[,ID] reason` for the next instruction,
 * - `# strata stage ignore=ID` for the rest of the stage, `# strata global ignore=ID` for the file,
 * - `# hadolint ignore=DL3008,DL3015` and `# hadolint global ignore=...` for the rules that carry those
 *   hadolint codes (other codes, like ShellCheck's SCxxxx, are left alone).
 * strata pragmas accept a rule id or a hadolint code.
 */
export function readPragmas(file: ParsedDockerfile, rules: readonly RuleMeta[]): Pragmas {
  const out: Pragmas = { global: new Set(), spans: [], diagnostics: [] };
  for (const comment of file.comments) {
    const text = comment.text.replace(/^\s*#\s*/, '').trim();
    const strata = STRATA.exec(text);
    const hadolint = strata ? null : HADOLINT.exec(text);
    const m = strata ?? hadolint;
    if (!m) {
      if (/^strata\s+\S*\s*ignore\b/i.test(text)) {
        out.diagnostics.push(
          diagnostic('STRATA_LINT_PRAGMA', 'warning', `malformed pragma \`# ${text}\``, {
            file: file.file,
            line: comment.line,
            hint: 'write `# strata ignore=RULE-ID[,RULE-ID] reason` (or `global` / `stage` before ignore)',
          }),
        );
      }
      continue;
    }
    const form = (m[1] ?? 'next').toLowerCase();
    const names = (m[2] ?? '').split(',').map((s) => s.trim());
    const ids = new Set<string>();
    for (const name of names) {
      const id = strata
        ? canonicalRuleId(name, rules)
        : rules.find((r) => r.hadolint === name.toUpperCase())?.id;
      if (id) ids.add(id);
      else if (strata && !/^SC\d+$/i.test(name)) {
        // SCxxxx codes are ShellCheck's, read by the shellcheck rule itself.
        out.diagnostics.push(
          diagnostic('STRATA_LINT_PRAGMA', 'warning', `pragma names unknown rule "${name}"`, {
            file: file.file,
            line: comment.line,
            hint: 'see `strata lint --list-rules` for rule ids',
          }),
        );
      }
    }
    if (ids.size === 0) continue;
    if (form === 'global') {
      for (const id of ids) out.global.add(id);
    } else if (form === 'stage') {
      out.spans.push({ from: comment.line, to: stageEnd(file, comment.line), ids });
    } else {
      const next = file.instructions.find((i) => i.range.line > comment.line);
      if (next)
        out.spans.push({ from: next.range.line, to: Math.max(next.range.endLine, next.range.line), ids });
    }
  }
  return out;
}

/** True when a finding of `ruleId` at `line` is switched off by a pragma. */
export function isSuppressed(p: Pragmas, ruleId: string, line: number | undefined): boolean {
  if (p.global.has(ruleId)) return true;
  if (line === undefined) return false;
  return p.spans.some((s) => s.ids.has(ruleId) && line >= s.from && line <= s.to);
}

/** Last line of the stage that holds `line` (the line before the next FROM), or a very large number. */
function stageEnd(file: ParsedDockerfile, line: number): number {
  const next = file.stages.find((s) => s.fromInstruction.range.line > line);
  return next ? next.fromInstruction.range.line - 1 : Number.MAX_SAFE_INTEGER;
}
