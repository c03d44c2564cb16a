import type { EnvDeclaration, Instruction, Mount } from '../model/dockerfile.js';
import { parseNameValuePairs } from './keyValue.js';
import { parseMount } from './mount.js';

/** ENV declarations of an instruction, both forms (`ENV A=1 B="x y"` and `ENV A 1`); values unquoted. */
export function envDeclarations(instruction: Instruction, escapeChar = '\\'): EnvDeclaration[] {
  if (instruction.keyword !== 'ENV') return [];
  return parseNameValuePairs(instruction.args, escapeChar, 'ENV').pairs.map((p) => ({
    name: p.name,
    value: p.value ?? '',
    line: instruction.range.line,
  }));
}

/** LABEL key/values, unquoted. */
export function labelPairs(instruction: Instruction, escapeChar = '\\'): Record<string, string> {
  const out: Record<string, string> = {};
  if (instruction.keyword !== 'LABEL') return out;
  for (const p of parseNameValuePairs(instruction.args, escapeChar, 'LABEL').pairs)
    out[p.name] = p.value ?? '';
  return out;
}

/** The `--mount=` flags of a RUN instruction, parsed. */
export function mounts(instruction: Instruction): Mount[] {
  const out: Mount[] = [];
  for (const flag of instruction.flags) {
    if (flag.name === 'mount' && typeof flag.value === 'string') out.push(parseMount(flag.value));
  }
  return out;
}
