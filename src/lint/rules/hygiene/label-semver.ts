import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3056: with a `label-schema` that types label values, a semver label must hold a semantic version. */
export const rule = labelTypeRule(
  {
    id: 'label-semver',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3056',
    description: 'A label typed semver in the label schema must be a semantic version',
  },
  'semver',
  'a semantic version',
);
