import type { Rule } from '../rule.js';
import { rules as cache } from './cache/index.js';
import { rules as context } from './context/index.js';
import { rules as family } from './family/index.js';
import { rules as hygiene } from './hygiene/index.js';
import { rules as ml } from './ml/index.js';
import { rules as reliability } from './reliability/index.js';
import { rules as security } from './security/index.js';
import { rules as size } from './size/index.js';

/** Every rule strata has, by category. */
export const allRules: readonly Rule[] = [
  ...hygiene,
  ...security,
  ...cache,
  ...size,
  ...reliability,
  ...ml,
  ...family,
  ...context,
];
