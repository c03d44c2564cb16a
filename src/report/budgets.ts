import type { BuildTimes } from '../analyse/build-time.js';
import type { Analysis } from '../analyse/index.js';
import { type Diagnostic, diagnostic } from '../model/diagnostic.js';

/**
 * Budgets for `strata report`, from strata.yaml:
 *
 * ```yaml
 * report:
 *   budgets:
 *     images:
 *       "team/api*": { max-size: 300MB, max-reclaimable: 20MB, max-reclaimable-percent: 5 }
 *       "*": { max-size: 2GB }
 *     max-duplicate: 500MB          # duplicate bytes across the family
 *     max-build-time: 10m           # the last build of any image (from .strata/history.jsonl)
 *     # dive's CI keys (.dive-ci), for every image:
 *     lowest-efficiency: 0.95
 *     highest-wasted-bytes: 20MB
 *     highest-user-wasted-percent: 0.1
 * ```
 *
 * Sizes take B, kB, MB, GB (powers of 1000), KiB, MiB, GiB, or a plain number of bytes; times take ms,
 * s, m, h. dive's keys mean what dive means by them, with strata's reclaimable bytes as "wasted"
 * (dive's efficiency: 1 - wasted / size; user wasted percent: wasted outside the first layer / size).
 */

export interface ImageBudget {
  /** Glob over image names (`*` any run of characters, `?` one). */
  pattern: string;
  maxSize?: number;
  maxReclaimable?: number;
  /** Percent of the image size (0-100). */
  maxReclaimablePercent?: number;
}

export interface Budgets {
  images: ImageBudget[];
  maxDuplicate?: number;
  maxBuildTimeMs?: number;
  lowestEfficiency?: number;
  highestWastedBytes?: number;
  /** A ratio (0-1), as dive takes it. */
  highestUserWastedPercent?: number;
}

export interface BudgetCheck {
  /** What is checked: `max-size`, `max-duplicate`, `lowest-efficiency`... */
  budget: string;
  /** The image it applies to; absent for family budgets. */
  image?: string;
  limit: number;
  actual: number;
  unit: 'bytes' | 'ratio' | 'percent' | 'ms';
  ok: boolean;
}

const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** `300MB` -> 300000000; undefined when it is not a size. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)?\s*$/i.exec(value);
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (SIZE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

/** `10m`, `90s`, `1h30m` -> milliseconds; undefined when it is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number' && value >= 0) return value * 1000;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let rest = value.trim();
  while (rest !== '') {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

const IMAGE_BUDGET_KEYS = ['max-size', 'max-reclaimable', 'max-reclaimable-percent'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads `report:` of strata.yaml (the raw value) into budgets. Never throws: a bad value or an unknown
 * key (a misspelt budget) is an error diagnostic and is left out; `strata report` exits 2 on either, so
 * a typo never silently removes a gate.
 */
export function parseReportConfig(
  raw: unknown,
  file = 'strata.yaml',
): { budgets: Budgets; diagnostics: Diagnostic[] } {
  const budgets: Budgets = { images: [] };
  const diagnostics: Diagnostic[] = [];
  const bad = (key: string, hint: string) =>
    diagnostics.push(
      diagnostic('STRATA_CONFIG_INVALID', 'error', `${file}: report.budgets.${key} is not valid`, {
        file,
        hint,
      }),
    );
  if (raw === undefined || raw === null) return { budgets, diagnostics };
  if (!isRecord(raw)) {
    bad('', 'report: { budgets: { ... } }');
    return { budgets, diagnostics };
  }
  const b = raw.budgets;
  if (b === undefined || b === null) return { budgets, diagnostics };
  if (!isRecord(b)) {
    bad('', 'report: { budgets: { max-duplicate: 500MB } }');
    return { budgets, diagnostics };
  }
  const size = (key: string, set: (n: number) => void) => {
    if (b[key] === undefined) return;
    const n = parseSize(b[key]);
    if (n === undefined) bad(key, 'a size: 300MB, 2GB, 512MiB or bytes');
    else set(n);
  };
  const ratio = (key: string, set: (n: number) => void) => {
    if (b[key] === undefined) return;
    const n = typeof b[key] === 'number' ? b[key] : Number.NaN;
    if (!(n >= 0 && n <= 1)) bad(key, 'a ratio between 0 and 1, as dive takes it');
    else set(n);
  };
  const known = new Set([
    'images',
    'max-duplicate',
    'max-build-time',
    'lowest-efficiency',
    'highest-wasted-bytes',
    'highest-user-wasted-percent',
  ]);
  for (const key of Object.keys(b)) {
    if (!known.has(key))
      diagnostics.push(
        diagnostic('STRATA_CONFIG_UNKNOWN_KEY', 'error', `${file}: unknown key report.budgets.${key}`, {
          file,
          hint: `known keys: ${[...known].join(', ')}`,
        }),
      );
  }
  size('max-duplicate', (n) => {
    budgets.maxDuplicate = n;
  });
  size('highest-wasted-bytes', (n) => {
    budgets.highestWastedBytes = n;
  });
  ratio('lowest-efficiency', (n) => {
    budgets.lowestEfficiency = n;
  });
  ratio('highest-user-wasted-percent', (n) => {
    budgets.highestUserWastedPercent = n;
  });
  if (b['max-build-time'] !== undefined) {
    const ms = parseDuration(b['max-build-time']);
    if (ms === undefined) bad('max-build-time', 'a duration: 90s, 10m, 1h');
    else budgets.maxBuildTimeMs = ms;
  }
  if (b.images !== undefined) {
    if (!isRecord(b.images)) bad('images', 'images: { "team/*": { max-size: 2GB } }');
    else {
      for (const [pattern, spec] of Object.entries(b.images)) {
        if (!isRecord(spec)) {
          bad(`images.${pattern}`, '{ max-size: 2GB, max-reclaimable: 50MB, max-reclaimable-percent: 5 }');
          continue;
        }
        const budget: ImageBudget = { pattern };
        for (const key of Object.keys(spec)) {
          if (!IMAGE_BUDGET_KEYS.includes(key))
            diagnostics.push(
              diagnostic(
                'STRATA_CONFIG_UNKNOWN_KEY',
                'error',
                `${file}: unknown key report.budgets.images.${pattern}.${key}`,
                { file, hint: `known keys: ${IMAGE_BUDGET_KEYS.join(', ')}` },
              ),
            );
        }
        if (spec['max-size'] !== undefined) {
          const n = parseSize(spec['max-size']);
          if (n === undefined) bad(`images.${pattern}.max-size`, 'a size: 300MB, 2GB');
          else budget.maxSize = n;
        }
        if (spec['max-reclaimable'] !== undefined) {
          const n = parseSize(spec['max-reclaimable']);
          if (n === undefined) bad(`images.${pattern}.max-reclaimable`, 'a size: 20MB');
          else budget.maxReclaimable = n;
        }
        if (spec['max-reclaimable-percent'] !== undefined) {
          const n = spec['max-reclaimable-percent'];
          if (typeof n !== 'number' || n < 0 || n > 100)
            bad(`images.${pattern}.max-reclaimable-percent`, 'a percentage between 0 and 100');
          else budget.maxReclaimablePercent = n;
        }
        budgets.images.push(budget);
      }
    }
  }
  return { budgets, diagnostics };
}

/** `team/api*` as a regular expression over the whole name. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Every budget that applies, checked against an analysis (and build times, when given). */
export function checkBudgets(analysis: Analysis, budgets: Budgets, times?: BuildTimes): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  for (const image of analysis.images) {
    const name = image.names[0] ?? image.id;
    for (const b of budgets.images) {
      const re = globToRegExp(b.pattern);
      if (!image.names.some((n) => re.test(n) || re.test(n.replace(/:latest$/, '')))) continue;
      if (b.maxSize !== undefined)
        checks.push(check('max-size', name, b.maxSize, image.size, 'bytes', image.size <= b.maxSize));
      if (b.maxReclaimable !== undefined)
        checks.push(
          check(
            'max-reclaimable',
            name,
            b.maxReclaimable,
            image.reclaimable,
            'bytes',
            image.reclaimable <= b.maxReclaimable,
          ),
        );
      if (b.maxReclaimablePercent !== undefined) {
        const pct = image.reclaimableRatio * 100;
        checks.push(
          check(
            'max-reclaimable-percent',
            name,
            b.maxReclaimablePercent,
            pct,
            'percent',
            pct <= b.maxReclaimablePercent,
          ),
        );
      }
    }
    if (budgets.lowestEfficiency !== undefined) {
      const efficiency = 1 - image.reclaimableRatio;
      checks.push(
        check(
          'lowest-efficiency',
          name,
          budgets.lowestEfficiency,
          efficiency,
          'ratio',
          efficiency >= budgets.lowestEfficiency,
        ),
      );
    }
    if (budgets.highestWastedBytes !== undefined)
      checks.push(
        check(
          'highest-wasted-bytes',
          name,
          budgets.highestWastedBytes,
          image.reclaimable,
          'bytes',
          image.reclaimable <= budgets.highestWastedBytes,
        ),
      );
    if (budgets.highestUserWastedPercent !== undefined) {
      const ratio = image.size === 0 ? 0 : image.userReclaimable / image.size;
      checks.push(
        check(
          'highest-user-wasted-percent',
          name,
          budgets.highestUserWastedPercent,
          ratio,
          'ratio',
          ratio <= budgets.highestUserWastedPercent,
        ),
      );
    }
  }
  if (budgets.maxDuplicate !== undefined) {
    const dup = analysis.family.duplicateBytes;
    checks.push(
      check('max-duplicate', undefined, budgets.maxDuplicate, dup, 'bytes', dup <= budgets.maxDuplicate),
    );
  }
  if (budgets.maxBuildTimeMs !== undefined && times) {
    for (const image of times.images) {
      if (image.lastMs === undefined) continue;
      checks.push(
        check(
          'max-build-time',
          image.id,
          budgets.maxBuildTimeMs,
          image.lastMs,
          'ms',
          image.lastMs <= budgets.maxBuildTimeMs,
        ),
      );
    }
  }
  return checks;
}

function check(
  budget: string,
  image: string | undefined,
  limit: number,
  actual: number,
  unit: BudgetCheck['unit'],
  ok: boolean,
): BudgetCheck {
  return { budget, ...(image !== undefined ? { image } : {}), limit, actual, unit, ok };
}
