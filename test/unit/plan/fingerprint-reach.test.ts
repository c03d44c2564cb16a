import { describe, expect, test } from 'vitest';
import { computePlan } from '../../../src/plan/compute.js';
import { scanRepository } from '../../../src/scan.js';
import { testdir } from '../../helpers/testdir.js';

/** The context files in each image's fingerprint, with an engine that holds nothing. */
async function fingerprintFiles(tree: Record<string, string>): Promise<Record<string, string[]>> {
  const root = await testdir(tree);
  const { graph } = await scanRepository(root);
  const engine = { inspectImage: async () => undefined, pull: async () => false };
  const plan = await computePlan(graph, { root, engine });
  return Object.fromEntries(Object.entries(plan.fingerprints).map(([id, fp]) => [id, Object.keys(fp.files)]));
}

describe('what a fingerprint covers', () => {
  test('a stage read by COPY --from is needed, also when the stage that reads it is FROM a named context', async () => {
    const files = await fingerprintFiles({
      'docker-bake.hcl': [
        'group "default" { targets = ["base", "app"] }',
        'target "base" {\n  context = "base"\n  tags = ["t/base:1"]\n}',
        'target "app" {\n  context = "app"\n  contexts = { base = "target:base" }\n  tags = ["t/app:1"]\n}',
      ].join('\n'),
      'base/Dockerfile': 'FROM busybox\n',
      'app/Dockerfile':
        'FROM busybox AS builder\nCOPY src/ /src/\nFROM base\nCOPY --from=builder /src /out\n',
      'app/src/main.py': 'print(1)\n',
      'app/notes.txt': 'not copied\n',
    });
    expect(files.app).toEqual(['app/src/main.py']);
  });

  test("a parent's ONBUILD COPY reads the child's context: those files are the child's", async () => {
    const files = await fingerprintFiles({
      'docker-compose.yml':
        'services:\n  onbuild:\n    build: ./onbuild\n    image: t/onbuild:1\n  app:\n    build: ./app\n    image: t/app:1\n',
      'onbuild/Dockerfile': 'FROM busybox\nONBUILD COPY requirements.txt /req.txt\nONBUILD ADD src /src\n',
      'onbuild/notes.txt': 'the parent context\n',
      'app/Dockerfile': 'FROM t/onbuild:1\n',
      'app/requirements.txt': 'flask\n',
      'app/src/main.py': 'print(1)\n',
      'app/other.txt': 'not copied\n',
    });
    expect(files.app).toEqual(['app/requirements.txt', 'app/src/main.py']);
    expect(files.onbuild).toEqual([]);
  });
});
