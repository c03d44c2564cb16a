import { rules } from '../../../src/lint/rules/reliability/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('reliability', rules);
