import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3054: with a `label-schema` that types label values, a spdx label must hold an SPDX license expression. */
export const rule = labelTypeRule(
  {
    id: 'label-spdx',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3054',
    description: 'A label typed spdx in the label schema must be an SPDX license',
  },
  'spdx',
  'an SPDX license expression',
);
