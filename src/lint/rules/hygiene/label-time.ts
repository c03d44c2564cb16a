import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3053: with a `label-schema` that types label values, a rfc3339 label must hold an RFC 3339 time. */
export const rule = labelTypeRule(
  {
    id: 'label-time',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3053',
    description: 'A label typed rfc3339 in the label schema must be an RFC 3339 time',
  },
  'rfc3339',
  'an RFC 3339 time',
);
