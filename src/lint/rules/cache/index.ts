import type { Rule } from '../../rule.js';
import { rule as aptUpdateAlone } from './apt-update-alone.js';
import { rule as cacheLeftInLayer } from './cache-left-in-layer.js';
import { rule as cacheMountBypassed } from './cache-mount-bypassed.js';
import { rule as depsAfterCopy } from './deps-after-copy.js';

export const rules: Rule[] = [depsAfterCopy, aptUpdateAlone, cacheLeftInLayer, cacheMountBypassed];
