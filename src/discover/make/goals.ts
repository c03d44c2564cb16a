import type { MakeDatabase, RecipeLine, Rule, TargetAssignment } from './database.js';
import { type ExpandContext, expandMake, type MakeVariable, matchPattern } from './expand.js';

/**
 * The second phase of make, walked statically: from a goal, its prerequisites first (in the order the
 * rule lists them, as `make -j1` runs them), then its recipe, each recipe line expanded with the
 * automatic variables (`$@`, `$<`, `$^`, `$+`, `$*`, `$|`) and the target- and pattern-specific
 * variables in effect (inherited from the targets that asked for it, manual section 6.11).
 */

/** One recipe line as make would hand it to the shell. */
export interface RecipeRun extends RecipeLine {
  /** The line after make's expansion (leading `@`, `-`, `+` removed). */
  expanded: string;
  /** The target whose recipe it is. */
  target: string;
  /** Variables exported to the recipe's commands (for a sub-make). */
  exports: Record<string, string>;
}

/** Targets visited per walk at most (a guard against generated rule sets). */
const MAX_TARGETS = 2000;

export function walkGoal(
  db: MakeDatabase,
  goal: string,
  cwd: string,
): { runs: RecipeRun[]; visited: Set<string> } {
  const runs: RecipeRun[] = [];
  const visited = new Set<string>();
  const visit = (target: string, inherited: TargetAssignment[]): void => {
    if (visited.has(target) || visited.size > MAX_TARGETS) return;
    visited.add(target);
    const explicit = db.rules.filter((r) => r.target === target && !r.staticPattern);
    const statics = db.rules.filter(
      (r) => r.target === target && r.staticPattern && matchPattern(r.staticPattern, target) !== undefined,
    );
    let rule: Rule | undefined = [...explicit, ...statics].find((r) => r.recipe.length > 0);
    let stem = '';
    let prerequisites = [...explicit, ...statics].flatMap((r) =>
      r.staticPattern
        ? r.prerequisites.map((p) => p.replace('%', matchPattern(r.staticPattern!, target)!))
        : r.prerequisites,
    );
    if (statics[0]) stem = matchPattern(statics[0].staticPattern!, target) ?? '';
    if (!rule) {
      // An implicit (pattern) rule: the first with a recipe whose target pattern matches, shortest stem first.
      const candidates = db.rules
        .filter((r) => r.target.includes('%') && r.recipe.length > 0)
        .map((r) => ({ r, stem: matchPattern(r.target, target) }))
        .filter((c): c is { r: Rule; stem: string } => c.stem !== undefined)
        .sort((a, b) => a.stem.length - b.stem.length);
      const found = candidates[0];
      if (found) {
        rule = found.r;
        stem = found.stem;
        prerequisites = [...prerequisites, ...found.r.prerequisites.map((p) => p.replace('%', stem))];
      }
    }
    const own = db.targetVars.filter(
      (v) => v.target === target || (v.target.includes('%') && matchPattern(v.target, target) !== undefined),
    );
    // Pattern-specific first, then target-specific: the exact target wins (manual 6.12).
    own.sort((a, b) => Number(!a.target.includes('%')) - Number(!b.target.includes('%')));
    const scope = [...inherited, ...own];
    for (const p of prerequisites) visit(p, scope);
    if (!rule) return;
    const automatic: Record<string, string> = {
      '@': target,
      '<': prerequisites[0] ?? '',
      '^': [...new Set(prerequisites)].join(' '),
      '+': prerequisites.join(' '),
      '?': prerequisites.join(' '),
      '*': stem,
      '|': '',
    };
    const ctx = recipeContext(db, scope, automatic, cwd);
    for (const line of rule.recipe) {
      const expanded = expandMake(line.text, ctx)
        .split('\n')
        .map((l) => l.trim().replace(/^[@+-]+\s*/, ''))
        .join('\n');
      runs.push({ ...line, expanded, target, exports: exportsOf(db, ctx) });
    }
  };
  visit(goal, []);
  return { runs, visited };
}

/** A variable lookup that sees automatic, then target-specific, then global variables. */
function recipeContext(
  db: MakeDatabase,
  scope: TargetAssignment[],
  automatic: Record<string, string>,
  cwd: string,
  bound: Record<string, string> = {},
): ExpandContext {
  const cache = new Map<string, MakeVariable | undefined>();
  const self: ExpandContext = {
    cwd,
    ...(db.readFile ? { readFile: db.readFile } : {}),
    lookup: (name) => {
      if (name in bound) return { flavor: 'simple', value: bound[name]!, origin: 'automatic' };
      if (name in automatic) return { flavor: 'simple', value: automatic[name]!, origin: 'automatic' };
      if (cache.has(name)) return cache.get(name);
      let v = db.variables.get(name);
      for (const a of scope) {
        if (a.name !== name) continue;
        if (v?.origin === 'command line' && !a.override) continue;
        switch (a.op) {
          case '?=':
            if (v === undefined) v = { flavor: 'recursive', value: a.value, origin: 'file' };
            break;
          case '+=':
            v = v
              ? { ...v, value: v.value === '' ? a.value : `${v.value} ${a.value}` }
              : { flavor: 'recursive', value: a.value, origin: 'file' };
            break;
          case ':=':
            v = { flavor: 'simple', value: expandMake(a.value, self), origin: 'file' };
            break;
          default:
            v = { flavor: 'recursive', value: a.value, origin: 'file' };
        }
      }
      cache.set(name, v);
      return v;
    },
    with: (bindings) => recipeContext(db, scope, automatic, cwd, { ...bound, ...bindings }),
  };
  return self;
}

function exportsOf(db: MakeDatabase, ctx: ExpandContext): Record<string, string> {
  const out: Record<string, string> = {};
  const names = db.exportAll ? [...db.variables.keys()] : [...db.exported];
  for (const name of names) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const v = ctx.lookup(name);
    if (v) out[name] = v.flavor === 'recursive' ? expandMake(v.value, ctx) : v.value;
  }
  return out;
}
