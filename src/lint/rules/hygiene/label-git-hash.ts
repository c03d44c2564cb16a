import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3055: with a `label-schema` that types label values, a hash label must hold a git commit hash. */
export const rule = labelTypeRule(
  {
    id: 'label-git-hash',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3055',
    description: 'A label typed hash in the label schema must be a git hash',
  },
  'hash',
  'a git commit hash',
);
