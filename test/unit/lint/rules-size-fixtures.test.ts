import { rules } from '../../../src/lint/rules/size/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('size', rules);
