import type { Fingerprint, PlanReason } from '../model/plan.js';

/** Files named one by one before the rest are summed up in one reason. */
const MAX_FILE_REASONS = 5;

/**
 * Why `current` differs from `previous`, one reason per changed input, in a stable order: Dockerfile,
 * .dockerignore, target, platform, args, external bases, parents, files.
 */
export function diffFingerprints(previous: Fingerprint, current: Fingerprint): PlanReason[] {
  const reasons: PlanReason[] = [];
  if (previous.dockerfile !== current.dockerfile) {
    reasons.push({ kind: 'dockerfile-changed', message: 'Dockerfile changed' });
  }
  if (previous.dockerignore !== current.dockerignore) {
    const message =
      previous.dockerignore === undefined
        ? '.dockerignore added'
        : current.dockerignore === undefined
          ? '.dockerignore removed'
          : '.dockerignore changed';
    reasons.push({ kind: 'dockerignore-changed', message });
  }
  if (previous.target !== current.target) {
    reasons.push({
      kind: 'target-changed',
      message: `target: ${previous.target ?? '(last stage)'} -> ${current.target ?? '(last stage)'}`,
    });
  }
  if (previous.platform !== current.platform) {
    reasons.push({
      kind: 'platform-changed',
      message: `platform: ${previous.platform ?? '(engine default)'} -> ${current.platform ?? '(engine default)'}`,
    });
  }
  // Values are never shown: a build arg may hold a password, and stored ones are keyed digests.
  for (const { key, before, after } of diffRecords(previous.args, current.args)) {
    const message =
      before === undefined
        ? `arg ${key} added`
        : after === undefined
          ? `arg ${key} removed`
          : `arg ${key} changed`;
    reasons.push({ kind: 'args-changed', message, subjects: [key] });
  }
  for (const { key, before, after } of diffRecords(previous.externalBases, current.externalBases)) {
    const message =
      before === undefined
        ? `external base ${key} added`
        : after === undefined
          ? `external base ${key} no longer used`
          : `external base ${key} changed (${shortId(before)} -> ${shortId(after)})`;
    reasons.push({ kind: 'external-base-changed', message, subjects: [key] });
  }
  for (const { key, before, after } of diffRecords(previous.parents, current.parents)) {
    const message =
      before === undefined
        ? `parent ${key} added`
        : after === undefined
          ? `parent ${key} no longer used`
          : `parent ${key} changed since the last build`;
    reasons.push({ kind: 'parent-changed', message, subjects: [key] });
  }
  reasons.push(...fileReasons(diffRecords(previous.files, current.files)));
  return reasons;
}

interface Change {
  key: string;
  before?: string;
  after?: string;
}

function diffRecords(before: Record<string, string>, after: Record<string, string>): Change[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const out: Change[] = [];
  for (const key of keys) {
    if (before[key] !== after[key]) out.push({ key, before: before[key], after: after[key] });
  }
  return out;
}

function fileReasons(changes: Change[]): PlanReason[] {
  const verb = (c: Change) =>
    c.before === undefined ? 'added' : c.after === undefined ? 'removed' : 'changed';
  const reasons: PlanReason[] = changes.slice(0, MAX_FILE_REASONS).map((c) => ({
    kind: 'files-changed',
    message: `${c.key} ${verb(c)}`,
    subjects: [c.key],
  }));
  const rest = changes.slice(MAX_FILE_REASONS);
  if (rest.length > 0) {
    reasons.push({
      kind: 'files-changed',
      message: `${rest.length} more file${rest.length === 1 ? '' : 's'} changed`,
      subjects: rest.map((c) => c.key),
    });
  }
  return reasons;
}

/** `sha256:0123456789ab...` -> `0123456789ab`; other values as they are. */
function shortId(value: string): string {
  const m = /^sha256:([0-9a-f]{12})/.exec(value);
  return m ? m[1]! : value.length > 24 ? `${value.slice(0, 21)}...` : value;
}
