// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile and shell text, not templates
import { describe, expect, test } from 'vitest';
import { canonicalImageRef, parseImageRef } from '../../../src/dockerfile/index.js';

const D = 'sha256:' + 'a'.repeat(64);

describe('parseImageRef', () => {
  test.each([
    // text, registry, repository, tag, digest, familiar
    ['alpine', 'docker.io', 'library/alpine', undefined, undefined, 'alpine:latest'],
    ['alpine:3.19', 'docker.io', 'library/alpine', '3.19', undefined, 'alpine:3.19'],
    ['library/alpine:3.19', 'docker.io', 'library/alpine', '3.19', undefined, 'alpine:3.19'],
    ['docker.io/library/alpine', 'docker.io', 'library/alpine', undefined, undefined, 'alpine:latest'],
    ['index.docker.io/library/node:20', 'docker.io', 'library/node', '20', undefined, 'node:20'],
    [
      'nvidia/cuda:12.1.1-runtime-ubuntu22.04',
      'docker.io',
      'nvidia/cuda',
      '12.1.1-runtime-ubuntu22.04',
      undefined,
      'nvidia/cuda:12.1.1-runtime-ubuntu22.04',
    ],
    ['docker.io/nvidia/cuda:12.1.1', 'docker.io', 'nvidia/cuda', '12.1.1', undefined, 'nvidia/cuda:12.1.1'],
    [
      'rajiup/cp-whisperx-app-base:cpu',
      'docker.io',
      'rajiup/cp-whisperx-app-base',
      'cpu',
      undefined,
      'rajiup/cp-whisperx-app-base:cpu',
    ],
    ['ghcr.io/acme/base-ml:cuda', 'ghcr.io', 'acme/base-ml', 'cuda', undefined, 'ghcr.io/acme/base-ml:cuda'],
    ['localhost/base', 'localhost', 'base', undefined, undefined, 'localhost/base:latest'],
    ['localhost:5000/base:1.0', 'localhost:5000', 'base', '1.0', undefined, 'localhost:5000/base:1.0'],
    [
      'registry:5000/team/app',
      'registry:5000',
      'team/app',
      undefined,
      undefined,
      'registry:5000/team/app:latest',
    ],
    [
      'myregistry.local/team/app:2',
      'myregistry.local',
      'team/app',
      '2',
      undefined,
      'myregistry.local/team/app:2',
    ],
    ['Registry/app', 'Registry', 'app', undefined, undefined, 'Registry/app:latest'],
    [
      'mcr.microsoft.com/windows/servercore:ltsc2022',
      'mcr.microsoft.com',
      'windows/servercore',
      'ltsc2022',
      undefined,
      'mcr.microsoft.com/windows/servercore:ltsc2022',
    ],
    [`alpine@${D}`, 'docker.io', 'library/alpine', undefined, D, `alpine@${D}`],
    [`alpine:3.19@${D}`, 'docker.io', 'library/alpine', '3.19', D, `alpine:3.19@${D}`],
    [`ghcr.io/a/b@${D}`, 'ghcr.io', 'a/b', undefined, D, `ghcr.io/a/b@${D}`],
    ['a/b/c/d:x', 'docker.io', 'a/b/c/d', 'x', undefined, 'a/b/c/d:x'],
    ['my_app__x.y-z:v1_0', 'docker.io', 'library/my_app__x.y-z', 'v1_0', undefined, 'my_app__x.y-z:v1_0'],
    ['[::1]:5000/app', '[::1]:5000', 'app', undefined, undefined, '[::1]:5000/app:latest'],
  ])('%s', (text, registry, repository, tag, digest, familiar) => {
    const ref = parseImageRef(text);
    expect(ref).toBeDefined();
    expect(ref).toMatchObject({ raw: text, registry, repository, familiar });
    expect(ref?.tag).toBe(tag);
    expect(ref?.digest).toBe(digest);
  });

  test.each([
    ['empty', ''],
    ['upper-case repository', 'Alpine'],
    ['upper-case path', 'acme/Base'],
    ['unexpanded variable', '${BASE}:1'],
    ['trailing colon', 'alpine:'],
    ['bad tag', 'alpine:-x'],
    ['short digest', 'alpine@sha256:abc'],
    ['space', 'alpine 3'],
    ['double slash', 'a//b'],
    ['leading separator', '-a/b'],
    ['tag too long', 'a:' + 'x'.repeat(129)],
  ])('invalid: %s', (_name, text) => {
    expect(parseImageRef(text)).toBeUndefined();
  });

  test('trims surrounding whitespace', () => {
    expect(parseImageRef('  alpine:3  ')?.familiar).toBe('alpine:3');
  });

  test('canonical form', () => {
    expect(canonicalImageRef(parseImageRef('alpine')!)).toBe('docker.io/library/alpine:latest');
    expect(canonicalImageRef(parseImageRef('ghcr.io/a/b:1')!)).toBe('ghcr.io/a/b:1');
    expect(canonicalImageRef(parseImageRef(`node@${D}`)!)).toBe(`docker.io/library/node@${D}`);
  });
});
