import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as strata from '../../src/index.js';
import { STRATA_VERSION } from '../../src/version.js';

describe('the library API the README documents', () => {
  it('exports every name the README imports from strata', () => {
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const imported = [...readme.matchAll(/import \{([^}]+)\} from 'strata'/g)].flatMap((m) =>
      m[1]!.split(',').map((name) => name.trim()),
    );
    expect(imported.length).toBeGreaterThan(3);
    for (const name of imported) expect(strata, name).toHaveProperty(name);
  });

  it('carries the version of package.json (the no-op stamp and SARIF name it)', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(STRATA_VERSION).toBe(pkg.version);
  });
});
