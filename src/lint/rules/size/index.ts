import type { Rule } from '../../rule.js';
import { rule as buildToolsInFinal } from './build-tools-in-final.js';
import { rule as noMultistage } from './no-multistage.js';

export const rules: Rule[] = [buildToolsInFinal, noMultistage];
