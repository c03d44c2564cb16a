import path from 'node:path';
import { satisfies, valid, validRange } from '@renovatebot/pep440';
import { listText, packageFinding, where } from '../../knowledge/findings.js';
import { heavyPackage } from '../../knowledge/heavy-packages.js';
import type { ImageInstalls, InstallCall, InstalledPackage } from '../../knowledge/installs.js';
import type { FamilyRule, Finding } from '../../rule.js';
import { familyInstalls } from './family-installs.js';
import { sameVersion } from './pins.js';

/** One package request of an install that lands in an image: `numpy==1.24.3`, `torch>=2.2`. */
interface Request {
  call: InstallCall;
  pkg: InstalledPackage;
  /** Exact version, when the request pins one. */
  version?: string;
  /** PEP 440 specifier (`>=2,<3`), when the request states a range. */
  range?: string;
}

/** Bin folders of the system and of conda's base: installs through them share one site-packages. */
const SHARED_BIN = /^\/(usr\/(local\/)?bin|bin|opt\/conda\/bin|opt\/conda\/condabin|root\/\.local\/bin)$/;

/**
 * The Python environment an install writes into: the system's (or conda base), or the virtual
 * environment whose `bin/pip` (`/home/venv/bin/pip`, `/opt/venv/bin/python -m pip`) runs it. Two pins
 * only contradict each other inside one environment.
 */
export function environmentOf(call: InstallCall): string {
  const program = call.command.words[0] ?? '';
  if (!program.includes('/')) return 'system';
  const dir = path.posix.dirname(program);
  return SHARED_BIN.test(dir) ? 'system' : dir;
}

function requestOf(call: InstallCall, pkg: InstalledPackage): Request | undefined {
  if (call.manager !== 'pip' && call.manager !== 'conda') return undefined;
  if (pkg.version && valid(pkg.version)) return { call, pkg, version: pkg.version };
  const spec = pkg.specifier?.replace(/^=(?=[^=])/, '==');
  if (spec && !spec.startsWith('==') && validRange(spec)) return { call, pkg, range: spec };
  return undefined;
}

/** Public version (`2.1.0+cu121` -> `2.1.0`): the local label names a build flavour, not another release. */
const publicPart = (v: string): string => v.split('+')[0] ?? v;

/** Why `later` contradicts `earlier`, or undefined when pip could keep both. */
function contradiction(earlier: Request, later: Request): string | undefined {
  if (earlier.version && later.version) {
    return sameVersion(publicPart(earlier.version), publicPart(later.version)) ? undefined : 'differs';
  }
  if (earlier.version && later.range) {
    return satisfies(publicPart(earlier.version), later.range) ? undefined : 'excludes';
  }
  if (earlier.range && later.version) {
    return satisfies(publicPart(later.version), earlier.range) ? undefined : 'excludes';
  }
  return undefined;
}

const show = (r: Request): string => `${r.pkg.written}${r.version ? `==${r.version}` : r.range}`;

/** Requests that land in the final image of `installs`, per environment, in install order. */
function environments(installs: ImageInstalls): Map<string, Request[]> {
  const out = new Map<string, Request[]>();
  const calls = [...installs.inherited, ...installs.own.filter((c) => c.inFinalImage)];
  for (const call of calls) {
    const key = environmentOf(call);
    const list = out.get(key) ?? [];
    for (const pkg of call.packages) {
      const r = requestOf(call, pkg);
      if (r) list.push(r);
    }
    out.set(key, list);
  }
  return out;
}

interface Report {
  finding: Finding;
  images: string[];
}

/**
 * A package asked for at versions that cannot both hold in one image: an environment where a later
 * install (a child's requirements, a second requirements file) pins or bounds a package against what an
 * earlier one (the parent, the family's shared requirements) installed, compared as PEP 440 versions and
 * specifiers. Across images of a family, only heavy packages of the same build flavour count (sibling
 * images that could share the parent's copy); independent images and deliberate variants (`+cpu` and
 * `+cu121`, CPU and XPU extension builds) do not.
 */
export const rule: FamilyRule = {
  meta: {
    id: 'family-version-drift',
    category: 'family',
    severity: 'warning',
    enabledByDefault: true,
    description:
      'A package is pinned to versions that contradict each other in one image, or a heavy package drifts between sibling images',
  },
  scope: 'family',
  async check(ctx) {
    const reports = new Map<string, Report>();
    const add = (key: string, imageId: string, make: () => Finding) => {
      const prev = reports.get(key);
      if (prev) {
        if (!prev.images.includes(imageId)) prev.images.push(imageId);
        return;
      }
      reports.set(key, { finding: make(), images: [imageId] });
    };
    const all = await familyInstalls(ctx);
    for (const installs of all) {
      for (const requests of environments(installs).values()) {
        for (const [j, later] of requests.entries()) {
          if (!installs.own.includes(later.call)) continue;
          for (const earlier of requests.slice(0, j)) {
            if (earlier.pkg.name !== later.pkg.name || earlier.call === later.call) continue;
            // A heavy package a parent installs: family-reinstall-inherited reports it with its size.
            if (earlier.call.imageId !== later.call.imageId && heavyPackage(later.pkg.written)) continue;
            const why = contradiction(earlier, later);
            if (!why) continue;
            const from = earlier.call.imageId === installs.image.id ? '' : ` (image ${earlier.call.imageId})`;
            add(`${where(later.call, later.pkg)}|${later.pkg.name}`, installs.image.id, () =>
              packageFinding(
                later.call,
                later.pkg,
                `${show(later)} here, but ${show(earlier)} is installed before it in the same environment at ${where(earlier.call, earlier.pkg)}${from}: ${why === 'differs' ? 'pip replaces it' : 'the earlier version does not satisfy this range, pip replaces it'}`,
                `state ${later.pkg.written} once for the environment (one shared requirements or constraints file), or change the earlier pin`,
              ),
            );
            break;
          }
        }
      }
    }
    for (const f of siblingDrift(all))
      add(`${f.finding.file}:${f.finding.range?.line}|sibling`, '', () => f.finding);
    return [...reports.values()].map(({ finding, images }) => {
      const named = images.filter((i) => i !== '');
      if (named.length > 1) finding.message += ` (in ${named.length} images: ${listText(named, 3)})`;
      return finding;
    });
  },
};

/** The accelerator a local version label builds for; no label is the index's default build (CUDA for torch on Linux). */
function flavourOfLabel(label: string): string {
  const m = /^(cpu|xpu|rocm|cxx11abi)/.exec(label.toLowerCase());
  return m ? m[1]! : 'cuda';
}

/** Heavy packages pinned to different releases of one flavour by sibling images of one family parent. */
function siblingDrift(all: ImageInstalls[]): Report[] {
  const byParent = new Map<string, { installs: ImageInstalls; request: Request }[]>();
  for (const installs of all) {
    const parent = installs.parents[0];
    if (!parent) continue;
    for (const call of installs.own) {
      if (!call.inFinalImage) continue;
      for (const pkg of call.packages) {
        const r = requestOf(call, pkg);
        if (!r?.version || !heavyPackage(pkg.written)) continue;
        const key = `${parent.id}|${pkg.name}|${flavourOfLabel(r.version.split('+')[1] ?? '')}`;
        const list = byParent.get(key) ?? [];
        list.push({ installs, request: r });
        byParent.set(key, list);
      }
    }
  }
  const out: Report[] = [];
  for (const list of byParent.values()) {
    for (const { installs, request } of list) {
      const others = list.filter(
        (o) =>
          o.installs !== installs &&
          !sameVersion(publicPart(o.request.version!), publicPart(request.version!)),
      );
      if (others.length === 0) continue;
      const elsewhere = listText(
        others.map(
          (o) => `${o.request.version} in ${o.installs.image.id} (${where(o.request.call, o.request.pkg)})`,
        ),
        3,
      );
      out.push({
        images: [installs.image.id],
        finding: packageFinding(
          request.call,
          request.pkg,
          `${show(request)} here, but ${elsewhere}, built from the same parent ${installs.parents[0]!.id}: the images cannot share one copy`,
          `pin one version for the family, ideally installed once in ${installs.parents[0]!.id}`,
        ),
      });
    }
  }
  return out;
}
