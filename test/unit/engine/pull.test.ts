import { expect, test } from 'vitest';
import { isNotInRegistry } from '../../../src/engine/client.js';
import { readRecorded } from '../recorded.js';

// Recorded from `docker pull` (client 20.10) against a local docker-registry, a closed port and Docker Hub
// without network. pull-access-denied.stderr is transcribed, not recorded (Docker Hub is not reachable
// here): it is the daemon's message for a Hub repository that does not exist.
test.each([
  ['manifest-unknown.stderr', true],
  ['pull-access-denied.stderr', true],
  ['connection-refused.stderr', false],
  ['no-such-host.stderr', false],
])('%s: the registry lacks the image -> %s (else a network error, which throws)', (file, absent) => {
  expect(isNotInRegistry(readRecorded('engine/pull', file))).toBe(absent);
});
