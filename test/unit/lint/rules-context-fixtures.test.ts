import { rules } from '../../../src/lint/rules/context/index.js';
import { describeRuleFixtures } from './rules-context-helper.js';

describeRuleFixtures('context', rules);
