import type { Rule } from '../../rule.js';
import { rule as aptNoninteractive } from './apt-noninteractive.js';
import { rule as aptTzdataPrompt } from './apt-tzdata-prompt.js';
import { rule as copyFromFloating } from './copy-from-floating.js';
import { rule as pipUnquotedSpecifier } from './pip-unquoted-specifier.js';
import { rule as torchExtensionIsolation } from './torch-extension-isolation.js';
import { rule as torchExtensionOrder } from './torch-extension-order.js';
import { rule as unpinnedVcsInstall } from './unpinned-vcs-install.js';

export const rules: Rule[] = [
  copyFromFloating,
  pipUnquotedSpecifier,
  aptTzdataPrompt,
  aptNoninteractive,
  torchExtensionOrder,
  torchExtensionIsolation,
  unpinnedVcsInstall,
];
