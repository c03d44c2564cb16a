import { labelTypeRule } from '../../knowledge/label-schema.js';

/** DL3052: with a `label-schema` that types label values, a url label must hold a valid URL. */
export const rule = labelTypeRule(
  {
    id: 'label-url',
    category: 'hygiene',
    severity: 'info',
    enabledByDefault: true,
    hadolint: 'DL3052',
    description: 'A label typed url in the label schema must be a URL',
  },
  'url',
  'a valid URL',
);
