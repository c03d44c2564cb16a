import { rules } from '../../../src/lint/rules/family/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('family', rules);
