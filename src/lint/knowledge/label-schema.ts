import parseSpdx from 'spdx-expression-parse';
import { labelPairs } from '../../dockerfile/index.js';
import type { Instruction, ParsedDockerfile } from '../../model/dockerfile.js';
import type { Finding, InstructionRule, LintContext, RuleMeta } from '../rule.js';
import { findingAt } from '../stages.js';

/** The value types of hadolint's `label-schema` (its Label.hs): what a label's value must look like. */
export type LabelType = 'text' | 'url' | 'rfc3339' | 'spdx' | 'hash' | 'semver' | 'email';

/** `label-schema` (label name -> type) and `strict-labels` from the configuration of a label rule. */
export interface LabelSchema {
  schema: Record<string, LabelType>;
  strict: boolean;
}

export function labelSchema(ctx: LintContext, ruleId: string): LabelSchema {
  const o = ctx.options(ruleId);
  const schema =
    typeof o.schema === 'object' && o.schema !== null ? (o.schema as Record<string, LabelType>) : {};
  return { schema, strict: o.strict === true };
}

/** Checks of each type (sources: RFC 3986, RFC 3339, spdx.org/licenses, semver.org 2.0.0, RFC 5322). */
export const LABEL_VALID: Record<Exclude<LabelType, 'text'>, (value: string) => boolean> = {
  url: (v) => {
    try {
      return /^[a-z][a-z0-9+.-]*:/i.test(v) && new URL(v).protocol !== '';
    } catch {
      return false;
    }
  },
  rfc3339: (v) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(v),
  spdx: (v) => {
    try {
      parseSpdx(v);
      return true;
    } catch {
      return false;
    }
  },
  hash: (v) => /^[0-9a-f]{7,40}$/.test(v),
  semver: (v) =>
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(v),
  email: (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
};

/** Labels of a LABEL instruction whose schema type is `type`. */
export function labelsOfType(
  ins: Instruction,
  file: ParsedDockerfile,
  schema: LabelSchema,
  type: LabelType,
): [string, string][] {
  return Object.entries(labelPairs(ins, file.escape)).filter(([k]) => schema.schema[k] === type);
}

/** A rule that checks the value of every label the schema gives type `type`. */
export function labelTypeRule(
  meta: RuleMeta,
  type: Exclude<LabelType, 'text'>,
  what: string,
): InstructionRule {
  return {
    meta,
    scope: 'instruction',
    keywords: ['LABEL'],
    check(ins, _stage, file, ctx) {
      const out: Finding[] = [];
      for (const [key, value] of labelsOfType(ins, file, labelSchema(ctx, meta.id), type)) {
        if (!LABEL_VALID[type](value))
          out.push(findingAt(file, ins, `label ${key} is not ${what}: "${value}"`, `give ${key} ${what}`));
      }
      return out;
    },
  };
}
