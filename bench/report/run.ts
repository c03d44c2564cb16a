import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ReportJson } from '../../src/report/index.js';
import { median, option } from '../lib/stats.js';

/**
 * bench/report: the whole `strata report` analysis of the torch family against `docker save` of the
 * same images to /dev/null, in the same run, alternated, RUNS times each (default 2); peak memory of the
 * strata process from /usr/bin/time. Goal: at most 1.5x the time of the save, at most 300 MB.
 *
 * Then the figures the report must get right, against the engine's own:
 * - every layer size against `docker history`;
 * - unique/shared bytes per image against GET /system/df (`docker system df -v`);
 * - the duplicate bytes and the saving of a shared base, reported on the family where six services
 *   install python3-torch each, against the measured difference between what the engine stores for
 *   that family and for the same family rebuilt on a shared base (within 2%).
 *
 * The families come from bench/report/family.sh (build them first; they take ~8 GB).
 * Usage: npm run bench:report [-- --runs N]
 */
const GOAL_RATIO = 1.5;
const GOAL_MB = 300;
const DOCKER = process.env.STRATA_DOCKER ?? '/usr/bin/docker';
const BIN = path.resolve('bin/strata.js');
const SERVICES = ['svc1', 'svc2', 'svc3', 'svc4', 'svc5', 'svc6'];
const DIRECT = SERVICES.map((s) => `strata-report-direct-${s}:latest`);
const SHARED = [
  'strata-report-shared-base:latest',
  ...SERVICES.map((s) => `strata-report-shared-${s}:latest`),
];

function timed(
  command: string,
  args: string[],
  stdout: 'ignore' | 'pipe' = 'ignore',
): { ms: number; kb: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {
    stdio: ['ignore', stdout, 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, STRATA_DOCKER: DOCKER },
  });
  const ms = performance.now() - t0;
  const kb = Number(r.stderr.toString().trim().split('\n').pop());
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${command} ${args.join(' ')}: ${r.stderr.toString()}`);
  return { ms, kb, out: stdout === 'pipe' ? r.stdout.toString() : '' };
}

async function systemDf(): Promise<{
  Images: { RepoTags: string[] | null; Size: number; SharedSize: number }[];
}> {
  const socket = (process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock').replace(/^unix:\/\//, '');
  return new Promise((resolve, reject) => {
    http
      .get({ socketPath: socket, path: '/v1.41/system/df' }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve(JSON.parse(body)));
      })
      .on('error', reject);
  });
}

function historySizes(ref: string): number[] {
  return execFileSync(DOCKER, ['history', '--no-trunc', '--human=false', '--format', '{{.Size}}', ref])
    .toString()
    .trim()
    .split('\n')
    .map(Number)
    .reverse()
    .filter((n) => n > 0);
}

/** An empty folder as the repository: no budgets, no history, nothing to scan. */
const EMPTY = mkdtempSync(path.join(tmpdir(), 'strata-bench-report-'));

const gb = (n: number) => `${(n / 1e9).toFixed(3)} GB`;

async function main(): Promise<void> {
  const runs = option('--runs', 2);
  const saves: number[] = [];
  const reports: number[] = [];
  let peakKb = 0;
  let directJson = '';
  for (let i = 0; i < runs; i++) {
    saves.push(timed('sh', ['-c', `'${DOCKER}' save ${DIRECT.join(' ')} > /dev/null`]).ms);
    const r = timed('node', [BIN, 'report', ...DIRECT, '--json', '--dir', EMPTY], 'pipe');
    reports.push(r.ms);
    peakKb = Math.max(peakKb, r.kb);
    directJson = r.out;
  }
  const ratio = median(reports) / median(saves);
  console.log(
    `docker save of ${DIRECT.length} images > /dev/null: median ${Math.round(median(saves))} ms (${saves.map(Math.round).join(', ')})`,
  );
  console.log(
    `strata report --json, same images:     median ${Math.round(median(reports))} ms (${reports.map(Math.round).join(', ')})`,
  );
  console.log(
    `ratio ${ratio.toFixed(2)}x (goal <= ${GOAL_RATIO}x) ${ratio <= GOAL_RATIO ? 'MET' : 'MISSED'}`,
  );
  console.log(
    `peak memory ${(peakKb / 1024).toFixed(0)} MB (goal <= ${GOAL_MB} MB) ${peakKb / 1024 <= GOAL_MB ? 'MET' : 'MISSED'}`,
  );

  const direct = JSON.parse(directJson) as ReportJson;
  const shared = JSON.parse(
    timed('node', [BIN, 'report', ...SHARED, '--json', '--dir', EMPTY], 'pipe').out,
  ) as ReportJson;
  let layerMismatches = 0;
  let layers = 0;
  for (const image of [...direct.images, ...shared.images]) {
    const engine = historySizes(image.name);
    // history lists entries without a layer (ENV, CMD) as 0 too: zero sizes are left out on both sides.
    const ours = image.layers.map((l) => l.size).filter((n) => n > 0);
    layers += ours.length;
    if (JSON.stringify(engine) !== JSON.stringify(ours)) {
      layerMismatches++;
      console.log(
        `  layer sizes differ for ${image.name}: docker history ${engine.join(',')} / strata ${ours.join(',')}`,
      );
    }
  }
  console.log(
    `layer sizes: ${layers} layers of ${direct.images.length + shared.images.length} images, ${layerMismatches === 0 ? 'all equal to docker history' : `${layerMismatches} images differ`}`,
  );

  const df = await systemDf();
  const engineOf = (name: string) => df.Images.find((i) => (i.RepoTags ?? []).includes(name));
  let dfMismatches = 0;
  for (const image of [...direct.family.images, ...shared.family.images]) {
    const e = engineOf(image.name);
    if (!e || e.Size !== image.size || e.SharedSize !== image.shared) {
      dfMismatches++;
      console.log(
        `  ${image.name}: engine size ${e?.Size} shared ${e?.SharedSize} / strata ${image.size} ${image.shared}`,
      );
    }
  }
  console.log(
    `unique/shared per image: ${dfMismatches === 0 ? 'all equal to docker system df -v' : `${dfMismatches} differ`}`,
  );

  // What the engine stores for a family whose shared layers form one chain: every image's unique bytes
  // plus the largest shared size, once.
  const stored = (refs: string[]) => {
    const list = refs.map((r) => engineOf(r)!);
    return list.reduce((s, i) => s + i.Size - i.SharedSize, 0) + Math.max(...list.map((i) => i.SharedSize));
  };
  const measured = stored(DIRECT) - stored(SHARED);
  const reported = direct.family.duplicateBytes;
  const top = direct.family.duplicates
    .slice(0, 3)
    .map((d) => `${d.name} ${d.version ?? ''} ${gb(d.saving)} in ${d.images.length} images`);
  console.log(
    `engine stores: direct family ${gb(stored(DIRECT))}, shared-base family ${gb(stored(SHARED))}: measured saving ${gb(measured)}`,
  );
  console.log(`strata report (direct family): duplicate content ${gb(reported)} (${top.join('; ')})`);
  const off = Math.abs(reported - measured) / measured;
  console.log(`difference ${(off * 100).toFixed(2)}% (goal <= 2%) ${off <= 0.02 ? 'MET' : 'MISSED'}`);
  console.log(`strata report (shared-base family): duplicate content ${gb(shared.family.duplicateBytes)}`);
}

await main();
