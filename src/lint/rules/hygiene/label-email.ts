import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3058: with a `label-schema` that types label values, a email label must hold an email address. */
export const rule = labelTypeRule(
  {
    id: 'label-email',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3058',
    description: 'A label typed email in the label schema must be an email address',
  },
  'email',
  'an email address',
);
