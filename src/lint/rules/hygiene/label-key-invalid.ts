import { parseNameValuePairs } from '../../../dockerfile/index.js';
import type { InstructionRule } from '../../rule.js';
import { findingAt } from '../../stages.js';

/** Namespaces Docker reserves for itself (docs.docker.com/config/labels-custom-metadata). */
const RESERVED = ['com.docker.', 'io.docker.', 'org.dockerproject.'];

/**
 * DL3048: label keys are lower-case alphanumerics, dots and dashes, start with a letter, end with a
 * letter or digit, have no `..` or `--`, and stay out of Docker's reserved namespaces.
 */
export const rule: InstructionRule = {
  meta: {
    id: 'label-key-invalid',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3048',
    description: "Label keys must follow Docker's key format",
  },
  scope: 'instruction',
  keywords: ['LABEL'],
  check(ins, _stage, file) {
    const bad = parseNameValuePairs(ins.args, file.escape, 'LABEL')
      .pairs.map((p) => p.name)
      .filter(
        (k) =>
          RESERVED.some((r) => k.startsWith(r)) ||
          !/^[a-z][a-z0-9.-]*[a-z0-9]$/.test(k) ||
          k.includes('..') ||
          k.includes('--'),
      );
    return bad.map((k) =>
      findingAt(file, ins, `invalid label key ${k}`, 'use lower-case reverse-DNS keys: org.example.name'),
    );
  },
};
