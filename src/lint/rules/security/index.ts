import type { Rule } from '../../rule.js';
import { rule as addRemoteNoChecksum } from './add-remote-no-checksum.js';
import { rule as healthcheckForService } from './healthcheck-for-service.js';
import { rule as noSudo } from './no-sudo.js';
import { rule as pipeToShell } from './pipe-to-shell.js';
import { rule as runsAsRoot } from './runs-as-root.js';
import { rule as secretInEnvArg } from './secret-in-env-arg.js';
import { rule as untrustedRegistry } from './untrusted-registry.js';
import { rule as writablePasswd } from './writable-passwd.js';

export const rules: Rule[] = [
  writablePasswd,
  addRemoteNoChecksum,
  healthcheckForService,
  noSudo,
  pipeToShell,
  runsAsRoot,
  secretInEnvArg,
  untrustedRegistry,
];
