import { describe, expect, test } from 'vitest';
import {
  cleanLogLines,
  diagnose,
  distroFromLog,
  failingStageBase,
  findMissingPackages,
  guessSiblings,
  imagesForRef,
  normalizeRef,
  packageStem,
  parseOsRelease,
  similarPackages,
} from '../../../src/build/diagnose.js';
import { failedStep, parseProgress, summarizeSteps } from '../../../src/engine/progress/index.js';
import type { BuildOutcome } from '../../../src/engine/types.js';
import type { Image, ImageGraph } from '../../../src/model/graph.js';
import { graphOf, imageOf } from '../../helpers/graph.js';
import { readRecorded } from '../recorded.js';

/** The outcome the engine client makes of a recorded failed build. */
function outcomeOf(file: string, kind: 'error' | 'prompt' = 'error'): BuildOutcome {
  const text = readRecorded('engine/progress', file);
  const steps = summarizeSteps(parseProgress(text));
  const failed = failedStep(steps);
  const lines = text.split('\n').filter((l) => l !== '');
  const outcome: BuildOutcome = { ok: false, durationMs: 1, steps, logTail: lines.slice(-60) };
  outcome.failure = { kind, message: failed?.error ?? 'failed' };
  if (failed) outcome.failure.step = failed.name;
  return outcome;
}

function image(id: string, tags: string[], dockerfile = `${id}/Dockerfile`): Image {
  return imageOf(id, { tags, dockerfile, role: 'shared-base' });
}

const graph = (images: Image[]): ImageGraph => graphOf(images, '/r');

describe('diagnosis of recorded failed builds', () => {
  test('real apt on Debian bookworm: Unable to locate package libwebp6 -> release from the log, sibling guesses', () => {
    const d = diagnose(outcomeOf('buildkit-apt-unable-to-locate.log'));
    expect(d.instruction).toBe(
      '[2/2] RUN apt-get update && apt-get install -y --no-install-recommends libwebp6',
    );
    expect(d.lastLines).toContain('E: Unable to locate package libwebp6');
    expect(d.hints).toHaveLength(1);
    expect(d.hints[0]?.code).toBe('apt-package-missing');
    expect(d.hints[0]?.message).toBe(
      "the base image's distro, Debian (bookworm), has no package libwebp6; package names change between releases",
    );
    expect(d.hints[0]?.detail?.[0]).toMatch(/^libwebp6: try libwebp7, libwebp5, libwebp-dev/);
  });

  test('with the base probed (os-release, apt-cache pkgnames): names the release and the packages it has', () => {
    const d = diagnose(outcomeOf('buildkit-apt-unable-to-locate.log'), {
      distro: {
        id: 'debian',
        versionId: '12',
        codename: 'bookworm',
        prettyName: 'Debian GNU/Linux 12 (bookworm)',
      },
      knownPackages: { libwebp6: ['libwebpmux3', 'libwebp-dev', 'libwebp7', 'libwebpdemux2'] },
    });
    expect(d.hints[0]?.message).toMatch(/distro, Debian GNU\/Linux 12 \(bookworm\), has no package libwebp6/);
    expect(d.hints[0]?.detail).toEqual([
      'libwebp6: this release has libwebp7, libwebp-dev, libwebpmux3, libwebpdemux2',
    ]);
  });

  test('pip build of pytorch3d that imports torch', () => {
    const d = diagnose(outcomeOf('buildkit-pip-needs-torch.log'));
    expect(d.hints.map((h) => h.code)).toEqual(['pip-needs-torch']);
    expect(d.hints[0]?.message).toMatch(
      /^pytorch3d imports torch while it builds: .*--no-build-isolation pytorch3d/,
    );
    expect(d.lastLines[d.lastLines.length - 1]).toMatch(/executor failed running/);
  });

  test('no space left on device', () => {
    const d = diagnose(outcomeOf('buildkit-no-space.log'));
    expect(d.hints.map((h) => h.code)).toEqual(['no-space']);
  });

  test('a base nothing builds and no registry has: built by an image of the graph', () => {
    const outcome = outcomeOf('buildkit-base-not-pullable.log');
    expect(outcome.failure?.step).toBe(
      '[internal] load metadata for docker.io/strata-test-engine/base-ml:cuda',
    );
    const g = graph([
      image('base-ml-cuda', ['strata-test-engine/base-ml:cuda'], 'docker/base-ml/Dockerfile'),
    ]);
    const d = diagnose(outcome, { graph: g });
    expect(d.hints[0]?.code).toBe('base-not-found');
    expect(d.hints[0]?.message).toBe(
      'the base image docker.io/strata-test-engine/base-ml:cuda is not on this engine and could not be pulled; ' +
        'it is built by base-ml-cuda (docker/base-ml/Dockerfile): build that first (strata builds parents first unless --no-deps)',
    );
  });

  test('a base with a near name in the graph, and one that nothing resembles', () => {
    const outcome = outcomeOf('buildkit-base-not-pullable.log');
    const near = diagnose(outcome, { graph: graph([image('base-ml', ['myorg/base-ml:gpu'])]) });
    expect(near.hints[0]?.message).toMatch(/no image of this repository is tagged with it$/);
    expect(near.hints[0]?.detail).toEqual([
      'did you mean myorg/base-ml:gpu, built by base-ml (base-ml/Dockerfile)?',
    ]);
    const none = diagnose(outcome, { graph: graph([image('api', ['acme/api'])]) });
    expect(none.hints[0]?.message).toMatch(/no image of this repository builds it/);
  });

  test('a prompt: debconf hint', () => {
    const d = diagnose({
      ...outcomeOf('buildkit-prompt-cancelled.log', 'prompt'),
      failure: {
        kind: 'prompt',
        message: 'the build waits for an answer to "Please select the geographic area in which you live."',
      },
    });
    expect(d.hints[0]?.code).toBe('debconf-prompt');
    expect(d.hints[0]?.message).toMatch(/DEBIAN_FRONTEND=noninteractive/);
  });

  test('COPY of a file the context lacks', () => {
    const d = diagnose(outcomeOf('buildkit-copy-source-missing.log'));
    expect(d.instruction).toBe('[2/2] COPY missing.txt /m.txt');
    expect(d.hints).toEqual([
      {
        code: 'copy-source-missing',
        message:
          '/missing.txt is not in the build context: check the path against the context folder, and that .dockerignore does not exclude it',
      },
    ]);
  });

  test('a Dockerfile parse error: no step, the message is the last line', () => {
    const outcome = outcomeOf('buildkit-dockerfile-parse-error.log');
    expect(outcome.failure?.step).toBeUndefined();
    const d = diagnose({ ...outcome, failure: { kind: 'error', message: 'x' } });
    expect(d.hints).toEqual([]);
    expect(d.lastLines[d.lastLines.length - 1]).toMatch(
      /dockerfile parse error line 2: unknown instruction: RUNN$/,
    );
  });

  test('a plain failure has no hint but its last lines', () => {
    const d = diagnose(outcomeOf('classic-fail.log'));
    expect(d.hints.filter((h) => h.code !== 'apt-package-missing')).toEqual([]);
    expect(d.lastLines.some((l) => l.includes('Unable to locate package libwebp6'))).toBe(true);
  });
});

describe('pieces', () => {
  test('cleanLogLines strips BuildKit prefixes and noise', () => {
    expect(
      cleanLogLines([
        '#5 [2/2] RUN x',
        '#5 sha256:' + 'a'.repeat(64),
        '#5 0.316 hello',
        '#5 DONE 0.1s',
        '------',
        'top',
      ]),
    ).toEqual(['hello', 'top']);
  });
  test('findMissingPackages', () => {
    expect(
      findMissingPackages([
        'E: Unable to locate package libwebp6',
        "E: Package 'python-pip' has no installation candidate",
        'E: Unable to locate package libwebp6',
      ]),
    ).toEqual(['libwebp6', 'python-pip']);
  });
  test.each([
    ['libwebp6', 'libwebp'],
    ['libssl1.1', 'libssl'],
    ['libavcodec60t64', 'libavcodec'],
    ['python3-pip', 'python3-pip'],
    ['gcc', 'gcc'],
  ])('packageStem(%s) = %s', (name, stem) => expect(packageStem(name)).toBe(stem));
  test('similarPackages ranks versioned siblings first', () => {
    expect(similarPackages('libssl1.1', ['libssl-dev', 'libssl3', 'libssl-doc', 'openssl'])).toEqual([
      'libssl3',
      'libssl-dev',
      'libssl-doc',
    ]);
    expect(guessSiblings('libwebp0')).toEqual(['libwebp1', 'libwebp-dev']);
    expect(guessSiblings('curl')).toEqual([]);
  });
  test('parseOsRelease and distroFromLog', () => {
    expect(
      parseOsRelease(
        'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nID=debian\nVERSION_ID="11"\nVERSION="11 (bullseye)"\n',
      ),
    ).toEqual({
      id: 'debian',
      versionId: '11',
      codename: 'bullseye',
      prettyName: 'Debian GNU/Linux 11 (bullseye)',
    });
    expect(
      distroFromLog(['Get:1 http://archive.ubuntu.com/ubuntu jammy-updates InRelease [119 kB]']),
    ).toEqual({
      id: 'ubuntu',
      codename: 'jammy',
    });
  });
  test('normalizeRef and imagesForRef', () => {
    expect(normalizeRef('docker.io/library/python')).toBe('python:latest');
    expect(normalizeRef('localhost:5000/x/y')).toBe('localhost:5000/x/y:latest');
    expect(
      imagesForRef(graph([image('b', ['python:3.11'])]), 'docker.io/library/python:3.11').exact,
    ).toHaveLength(1);
  });
  test('failingStageBase: the FROM of the failing stage', () => {
    expect(failingStageBase(outcomeOf('buildkit-apt-unable-to-locate.log'))).toBe(
      'docker.io/strata-test-engine/debian:bookworm',
    );
  });
});
