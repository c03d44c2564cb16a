import { rules } from '../../../src/lint/rules/cache/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('cache', rules);
