import type { Rule } from '../../rule.js';
import { rule as dockerignoreEntries } from './dockerignore-entries.js';
import { rule as secretCopied } from './secret-copied.js';
import { rule as unusedLargeFiles } from './unused-large-files.js';

export const rules: Rule[] = [dockerignoreEntries, unusedLargeFiles, secretCopied];
