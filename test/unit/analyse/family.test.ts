import { describe, expect, it } from 'vitest';
import { analyseArchive } from '../../../src/analyse/index.js';
import { chunked, type FixtureLayer, legacyArchive } from '../../helpers/image-archive.js';

const base: FixtureLayer = { createdBy: '', entries: [{ path: 'etc/os-release', content: 'ID=debian\n' }] };
const status = 'Package: python3-torch\nStatus: install ok installed\nVersion: 1.13.1\n';
const torch = (tag: string): FixtureLayer => ({
  createdBy: `RUN /bin/sh -c apt-get install python3-torch # ${tag} # buildkit`,
  entries: [
    { path: 'var/lib/dpkg/status', content: status },
    { path: 'var/lib/dpkg/info/python3-torch.list', content: '/usr/lib/torch/a.so\n/usr/lib/torch/b.py\n' },
    { path: 'usr/lib/torch/a.so', content: Buffer.alloc(3000, 1) },
    { path: 'usr/lib/torch/b.py', content: Buffer.alloc(1000, 2) },
    { path: 'var/log/apt.log', content: `log ${tag}` },
  ],
});
const app = (name: string): FixtureLayer => ({
  createdBy: 'COPY app.py /srv/app.py # buildkit',
  entries: [{ path: 'srv/app.py', content: `print("${name}")` }],
});

describe('family figures', () => {
  it('finds content duplicated in layers no image shares, grouped by package, with the saving', async () => {
    const names = ['svc1', 'svc2', 'svc3'];
    const archive = await legacyArchive(names.map((n) => ({ name: n, layers: [base, torch(n), app(n)] })));
    const { family } = await analyseArchive(chunked(archive), { minSaving: 1 });
    // The base layer is shared by all three; each torch layer is unique.
    const baseBytes = 10;
    for (const image of family.images) {
      expect(image.shared).toBe(baseBytes);
      expect(image.unique).toBe(image.size - baseBytes);
    }
    expect(family.distinctLayers).toBe(7);
    const torchGroup = family.duplicates.find((d) => d.name === 'python3-torch')!;
    expect(torchGroup).toMatchObject({
      manager: 'dpkg',
      version: '1.13.1',
      bytes: 4000,
      copies: 3,
      images: names,
    });
    expect(torchGroup.saving).toBe(2 * 4000);
    // dpkg's status and .list files are the same in the three layers too; the logs differ.
    const list = '/usr/lib/torch/a.so\n/usr/lib/torch/b.py\n';
    expect(family.duplicateBytes).toBe(2 * 4000 + 2 * status.length + 2 * list.length);
    expect(family.sharedMatrix[0]![1]).toBe(baseBytes);
    expect(family.sharedMatrix[0]![0]).toBe(family.images[0]!.size);
  });

  it('does not count content that a shared layer already holds once', async () => {
    const shared = torch('shared');
    const archive = await legacyArchive(['a', 'b'].map((n) => ({ name: n, layers: [base, shared, app(n)] })));
    const { family } = await analyseArchive(chunked(archive), { minSaving: 1 });
    expect(family.duplicateBytes).toBe(0);
    expect(family.duplicates).toEqual([]);
    expect(family.storedBytes).toBe(family.totalBytes - family.images[0]!.shared);
  });
});
