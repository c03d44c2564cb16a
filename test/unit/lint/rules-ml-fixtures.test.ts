import { rules } from '../../../src/lint/rules/ml/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('ml', rules);
