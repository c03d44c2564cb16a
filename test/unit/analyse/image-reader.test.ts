import { describe, expect, it } from 'vitest';
import { analyseArchive, analyseImage, instructionOf, readImageArchive } from '../../../src/analyse/index.js';
import { chunked, type FixtureImage, legacyArchive, ociArchive } from '../../helpers/image-archive.js';

/** A one-file tar (`z.txt` = "hello zstd\n") compressed by the zstd CLI. */
const ZSTD_LAYER = Buffer.from(
  'KLUv/WQAJ50CABIEDRGw62cUAnLyw5SbpQ18K1FOAQZoXQxsraS8jLXf7ax79oNN+cg70wxVci1pzf8mxNwLV8QKIPA2Ng7xBZ8kpQAsBAYcKPy8JheBgwbYThQOYz/usA==',
  'base64',
);

const app: FixtureImage = {
  name: 'team/app:1',
  emptyBefore: { 1: 'ENV A=1' },
  layers: [
    {
      createdBy: '',
      entries: [
        { path: 'etc/', dir: true },
        { path: 'etc/os-release', content: 'ID=debian\n' },
        { path: 'bin/sh', symlink: 'dash' },
      ],
    },
    {
      createdBy: 'RUN /bin/sh -c make # buildkit',
      entries: [
        { path: 'app/', dir: true },
        { path: 'app/big.bin', content: Buffer.alloc(1000, 1) },
        { path: 'app/same.bin', hardlink: 'app/big.bin' },
        { path: `app/${'long-name-'.repeat(30)}.txt`, content: 'pax' },
      ],
    },
  ],
};

describe('image archive reader', () => {
  it.each([
    ['legacy docker save', legacyArchive],
    ['OCI image layout', ociArchive],
  ])('reads the %s layout', async (_name, make) => {
    const archive = await readImageArchive(chunked(await make([app]), 777));
    expect(archive.images).toHaveLength(1);
    const image = archive.images[0]!;
    expect(image.names).toEqual(['team/app:1']);
    expect(image.layers).toHaveLength(2);
    // History ties layers to instructions; the empty ENV entry is skipped.
    expect(image.layers[1]!.history?.createdBy).toBe('RUN /bin/sh -c make # buildkit');
    const paths = image.layers[1]!.scan.entries.map((e) => e.path);
    expect(paths).toContain(`app/${'long-name-'.repeat(30)}.txt`);
    const link = image.layers[1]!.scan.entries.find((e) => e.path === 'app/same.bin');
    expect(link).toMatchObject({ kind: 'hardlink', link: 'app/big.bin', size: 0 });
    const figures = analyseImage(image);
    // BuildKit layer: file content only; imported layer: symlink targets count too.
    expect(figures.layers.map((l) => l.size)).toEqual([10 + 4, 1003]);
    expect(figures.layers[1]!.instruction).toBe('RUN make');
    expect(figures.biggestFiles[0]).toMatchObject({ path: 'app/big.bin', bytes: 1000, layer: 1 });
  });

  it('reads gzip and zstd layers', async () => {
    const image: FixtureImage = {
      name: 'z',
      layers: [
        { compress: 'gzip', entries: [{ path: 'a.txt', content: 'gzip layer' }] },
        { raw: ZSTD_LAYER, entries: [{ path: 'z.txt', content: 'hello zstd\n' }] },
      ],
    };
    const archive = await readImageArchive(chunked(await ociArchive([image])));
    const layers = archive.images[0]!.layers;
    expect(layers.map((l) => l.scan.compression)).toEqual(['gzip', 'zstd']);
    expect(layers[1]!.scan.entries).toMatchObject([{ path: 'z.txt', kind: 'file', size: 11 }]);
    expect(layers[0]!.scan.fileBytes).toBe(10);
  });

  it('rejects a stream that is not an image archive', async () => {
    await expect(readImageArchive(chunked(Buffer.alloc(2048, 7)))).rejects.toMatchObject({
      code: 'STRATA_IMAGE_ARCHIVE',
    });
  });
});

describe('reclaimable bytes', () => {
  const layered = (layers: FixtureImage['layers']): FixtureImage => ({ name: 'w', layers });

  it('counts a file overwritten in the next layer once, not twice; copies counts both stored', async () => {
    const { images } = await analyseArchive(
      chunked(
        await legacyArchive([
          layered([
            { entries: [{ path: 'data.bin', content: Buffer.alloc(500) }] },
            { entries: [{ path: 'data.bin', content: Buffer.alloc(300) }] },
          ]),
        ]),
      ),
    );
    const image = images[0]!;
    expect(image.reclaimable).toBe(500);
    expect(image.wasted).toEqual([{ path: 'data.bin', bytes: 500, copies: 2, deleted: false }]);
    expect(image.layers.map((l) => l.reclaimable)).toEqual([500, 0]);
  });

  it('counts every copy of a deleted file, and whole folders behind a whiteout', async () => {
    const { images } = await analyseArchive(
      chunked(
        await legacyArchive([
          layered([
            {
              entries: [
                { path: 'cache/', dir: true },
                { path: 'cache/a', content: Buffer.alloc(100) },
                { path: 'cache/sub/b', content: Buffer.alloc(50) },
                { path: 'tmp.bin', content: Buffer.alloc(10) },
              ],
            },
            { entries: [{ path: 'tmp.bin', content: Buffer.alloc(20) }] },
            {
              entries: [
                { path: '.wh.cache', content: '' },
                { path: '.wh.tmp.bin', content: '' },
              ],
            },
          ]),
        ]),
      ),
    );
    const image = images[0]!;
    expect(image.reclaimable).toBe(180);
    expect(image.wasted.find((w) => w.path === 'tmp.bin')).toEqual({
      path: 'tmp.bin',
      bytes: 30,
      copies: 2,
      deleted: true,
    });
    expect(image.files.map((f) => f.path)).toEqual([]);
  });

  it('hides what lower layers put in an opaque folder, not what the same layer writes', async () => {
    const { images } = await analyseArchive(
      chunked(
        await ociArchive([
          layered([
            {
              entries: [
                { path: 'etc/x/old', content: Buffer.alloc(40) },
                { path: 'etc/keep', content: 'k' },
              ],
            },
            {
              entries: [
                { path: 'etc/x/', dir: true },
                { path: 'etc/x/new', content: Buffer.alloc(7) },
                { path: 'etc/x/.wh..wh..opq', content: '' },
              ],
            },
          ]),
        ]),
      ),
    );
    const image = images[0]!;
    expect(image.reclaimable).toBe(40);
    expect(image.files.map((f) => f.path).sort()).toEqual(['etc/keep', 'etc/x/new']);
  });
});

describe('packages per layer', () => {
  it('reads dpkg, pip dist-info, conda-meta and npm metadata', async () => {
    const status = (pkgs: [string, string][]) =>
      pkgs.map(([p, v]) => `Package: ${p}\nStatus: install ok installed\nVersion: ${v}\n`).join('\n');
    const image: FixtureImage = {
      name: 'pkgs',
      layers: [
        {
          entries: [
            { path: 'var/lib/dpkg/status', content: status([['libc6', '2.36']]) },
            { path: 'var/lib/dpkg/info/libc6:amd64.list', content: '/.\n/lib/x86_64-linux-gnu/libc.so.6\n' },
            { path: 'usr/lib/x86_64-linux-gnu/libc.so.6', content: Buffer.alloc(64) },
          ],
        },
        {
          entries: [
            {
              path: 'var/lib/dpkg/status',
              content: status([
                ['libc6', '2.36'],
                ['python3-torch', '1.13.1'],
              ]),
            },
            {
              path: 'var/lib/dpkg/info/python3-torch.list',
              content: '/usr/lib/python3/dist-packages/torch/a.py\n',
            },
            { path: 'usr/lib/python3/dist-packages/torch/a.py', content: Buffer.alloc(500) },
            {
              path: 'usr/local/lib/python3.11/site-packages/numpy-1.26.0.dist-info/RECORD',
              content: 'numpy/core.so,sha256=x,300\nnumpy-1.26.0.dist-info/RECORD,,\n',
            },
            { path: 'usr/local/lib/python3.11/site-packages/numpy/core.so', content: Buffer.alloc(300) },
            {
              path: 'opt/conda/conda-meta/mkl-2023.1.0-h6d00ec8_46342.json',
              content: '{"name":"mkl","version":"2023.1.0","files":["lib/libmkl.so"]}',
            },
            { path: 'opt/conda/lib/libmkl.so', content: Buffer.alloc(200) },
            {
              path: 'app/node_modules/@scope/left-pad/package.json',
              content: '{"name":"@scope/left-pad","version":"1.3.0"}',
            },
            { path: 'app/node_modules/@scope/left-pad/index.js', content: Buffer.alloc(30) },
          ],
        },
      ],
    };
    const { images } = await analyseArchive(chunked(await legacyArchive([image])));
    const figures = images[0]!;
    expect(figures.layers[0]!.packages).toEqual([
      { id: { manager: 'dpkg', name: 'libc6', version: '2.36' }, bytes: 64 },
    ]);
    const added = Object.fromEntries(
      figures.layers[1]!.packages.map((p) => [`${p.id.manager}:${p.id.name}@${p.id.version}`, p.bytes]),
    );
    expect(added['dpkg:python3-torch@1.13.1']).toBe(500);
    expect(added['pip:numpy@1.26.0']).toBeGreaterThanOrEqual(300);
    expect(added['conda:mkl@2023.1.0']).toBe(200);
    expect(added['npm:@scope/left-pad@1.3.0']).toBeGreaterThanOrEqual(30);
    expect(added['dpkg:libc6@2.36']).toBeUndefined();
    expect(figures.files.find((f) => f.path === 'usr/lib/x86_64-linux-gnu/libc.so.6')?.owner).toBe(
      'dpkg:libc6@2.36',
    );
  });
});

describe('instructionOf', () => {
  it.each([
    ['RUN /bin/sh -c pip install x # buildkit', 'RUN pip install x'],
    ['COPY app.py /srv/app.py # buildkit', 'COPY app.py /srv/app.py'],
    ['/bin/sh -c #(nop) COPY file:abc in /app ', 'COPY file:abc in /app'],
    ['|1 V=2 /bin/sh -c make', 'RUN make'],
    ['WORKDIR /app', 'WORKDIR /app'],
  ])('%s', (createdBy, expected) => {
    expect(instructionOf({ createdBy, emptyLayer: false })).toBe(expected);
  });
});
