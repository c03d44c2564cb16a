import { describe, expect, it } from 'vitest';
import { formatArgv } from '../../../src/engine/exec.js';
import { redactArgv } from '../../../src/util/redact.js';

describe('redactArgv', () => {
  it('hides the value of every --build-arg and --set, keeps the names', () => {
    expect(
      redactArgv([
        'build',
        '--build-arg',
        'PASSWORD=hunter2',
        '--build-arg=TOKEN=abc=def',
        '--set',
        'api.args.KEY=v',
        '--build-arg',
        'FROM_ENV',
        '--tag',
        'x=y',
      ]),
    ).toEqual([
      'build',
      '--build-arg',
      'PASSWORD=***',
      '--build-arg=TOKEN=***',
      '--set',
      'api.args.KEY=***',
      '--build-arg',
      'FROM_ENV',
      '--tag',
      'x=y',
    ]);
  });

  it('is what every printed and logged docker command goes through', () => {
    expect(formatArgv(['docker', 'build', '--build-arg', 'PASSWORD=hunter2', '.'])).toBe(
      "docker build --build-arg 'PASSWORD=***' .",
    );
  });
});
