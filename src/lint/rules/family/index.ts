import type { Rule } from '../../rule.js';
import { rule as duplicateCopy } from './duplicate-copy.js';
import { rule as duplicateHeavyInstall } from './duplicate-heavy-install.js';
import { rule as reinstallInherited } from './reinstall-inherited.js';
import { rule as unusedBase } from './unused-base.js';
import { rule as unusedRequirements } from './unused-requirements.js';
import { rule as versionDrift } from './version-drift.js';
import { rule as versionsFileMismatch } from './versions-file-mismatch.js';

export const rules: Rule[] = [
  duplicateHeavyInstall,
  reinstallInherited,
  versionDrift,
  versionsFileMismatch,
  unusedRequirements,
  unusedBase,
  duplicateCopy,
];
