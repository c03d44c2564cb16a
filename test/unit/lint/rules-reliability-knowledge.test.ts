import { describe, expect, it } from 'vitest';
import { isBuildTool, pullsTzdataPrompt } from '../../../src/lint/knowledge/apt-packages.js';
import {
  dependencyInstallKind,
  parseCondaInstall,
  parsePipInstall,
  parseSystemInstall,
} from '../../../src/lint/knowledge/package-commands.js';
import {
  nameFromUrl,
  parseRequirement,
  parseRequirements,
} from '../../../src/lint/knowledge/requirements.js';
import { runCommands, splitCommands } from '../../../src/lint/knowledge/shell.js';
import { torchExtension } from '../../../src/lint/knowledge/torch-extensions.js';
import { isPinnedRef, urlRef } from '../../../src/lint/rules/reliability/unpinned-vcs-install.js';
import type { Instruction } from '../../../src/model/dockerfile.js';

const cmd = (text: string) => splitCommands(text)[0]!;

describe('requirement files', () => {
  it('parses pins, URLs, includes and index options', () => {
    const parsed = parseRequirements(
      [
        '# comment',
        '--extra-index-url https://download.pytorch.org/whl/cu118',
        '-r common.txt',
        'torch==2.0.1+cu118  # the CUDA 11.8 build',
        'Flask>=2.2',
        'numpy == 1.24.3 ; python_version >= "3.9"',
        'detectron2 @ git+https://github.com/facebookresearch/detectron2.git@v0.6',
        '-e git+https://github.com/brjathu/PHALP.git#egg=phalp',
        'opencv_python_headless==4.8.0.74 \\',
        '    --hash=sha256:abc',
      ].join('\n'),
    );
    expect(parsed.extraIndexUrls).toEqual(['https://download.pytorch.org/whl/cu118']);
    expect(parsed.includes).toEqual([{ path: 'common.txt', line: 3 }]);
    expect(parsed.requirements.map((r) => [r.name, r.version ?? r.specifier ?? r.url, r.line])).toEqual([
      ['torch', '2.0.1+cu118', 4],
      ['flask', '>=2.2', 5],
      ['numpy', '1.24.3', 6],
      ['detectron2', 'git+https://github.com/facebookresearch/detectron2.git@v0.6', 7],
      ['phalp', 'git+https://github.com/brjathu/PHALP.git#egg=phalp', 8],
      ['opencv-python-headless', '4.8.0.74', 9],
    ]);
  });

  it('names packages from URLs', () => {
    expect(
      nameFromUrl('https://download.pytorch.org/whl/cu118/torch-2.0.1%2Bcu118-cp310-cp310-linux_x86_64.whl'),
    ).toBe('torch');
    expect(nameFromUrl('git+https://github.com/facebookresearch/pytorch3d.git@v0.7.4')).toBe('pytorch3d');
    expect(parseRequirement('./vendor/lib')?.path).toBe('./vendor/lib');
    expect(parseRequirement('numpy==1.*')?.version).toBeUndefined();
  });
});

describe('install commands', () => {
  it('parses pip in its spellings', () => {
    const pip = parsePipInstall(
      cmd('python3 -m pip install --no-cache-dir -U -r req.txt --index-url=https://x torch==2.1.0'),
    )!;
    expect(pip.requirementFiles).toEqual(['req.txt']);
    expect(pip.indexUrl).toBe('https://x');
    expect(pip.reinstall).toBe(true);
    expect(pip.requirements.map((r) => r.name)).toEqual(['torch']);
    expect(parsePipInstall(cmd('pip3.10 install -rreq.txt'))?.requirementFiles).toEqual(['req.txt']);
    expect(parsePipInstall(cmd('uv pip install --no-build-isolation flash-attn'))?.noBuildIsolation).toBe(
      true,
    );
    expect(parsePipInstall(cmd('pip freeze'))).toBeUndefined();
  });

  it("reads the same source options on a command line as in a requirements file, and uv's names", () => {
    const pip = parsePipInstall(
      cmd('pip install -c c.txt -e ./pkg -f https://f -i https://i --extra-index-url https://e x==1'),
    )!;
    expect(pip.constraintFiles).toEqual(['c.txt']);
    expect(pip.requirements.map((r) => [r.path ?? r.name, r.editable])).toEqual([
      ['./pkg', true],
      ['x', false],
    ]);
    expect([pip.indexUrl, pip.extraIndexUrls, pip.findLinks]).toEqual([
      'https://i',
      ['https://e'],
      ['https://f'],
    ]);
    const uv = parsePipInstall(cmd('uv pip install --default-index https://d --index https://x y'))!;
    expect([uv.indexUrl, uv.extraIndexUrls]).toEqual(['https://d', ['https://x']]);
    const file = parseRequirements(
      '-c c.txt\n-i https://i\n--find-links https://f\n--default-index https://d\n',
    );
    expect(file.constraints).toEqual([{ path: 'c.txt', line: 1 }]);
    expect([file.indexUrl, file.findLinks]).toEqual(['https://i', ['https://f']]);
  });

  it('parses conda and system installs', () => {
    const conda = parseCondaInstall(
      cmd('conda install -y -c pytorch -c nvidia pytorch==2.1.0 pytorch-cuda=12.1'),
    )!;
    expect(conda.packages.map((p) => [p.name, p.version])).toEqual([
      ['pytorch', '2.1.0'],
      ['pytorch-cuda', '12.1'],
    ]);
    expect(
      parseSystemInstall(
        cmd('apt-get install -y --no-install-recommends -o Dpkg::Options::=x curl git=1:2.39'),
      )?.packages,
    ).toEqual(['curl', 'git=1:2.39']);
    expect(parseSystemInstall(cmd('apk add --no-cache --virtual .build gcc'))?.packages).toEqual(['gcc']);
  });

  it('tells manifest installs from package installs', () => {
    expect(dependencyInstallKind(cmd('npm ci'))).toBe('manifest');
    expect(dependencyInstallKind(cmd('pip install -r requirements.txt'))).toBe('manifest');
    expect(dependencyInstallKind(cmd('pip install .'))).toBe('manifest');
    expect(dependencyInstallKind(cmd('pip install flask'))).toBe('packages');
    expect(dependencyInstallKind(cmd('npm run build'))).toBeUndefined();
  });

  it('unwraps sudo and env prefixes', () => {
    const c = cmd('sudo DEBIAN_FRONTEND=noninteractive apt-get install -y tzdata');
    expect(c.words[0]).toBe('apt-get');
    expect(c.env.DEBIAN_FRONTEND).toBe('noninteractive');
  });

  it('reads heredoc and exec-form RUNs', () => {
    const base: Instruction = {
      keyword: 'RUN',
      args: '<<EOF',
      words: [],
      jsonForm: false,
      flags: [],
      heredocs: [
        {
          delimiter: 'EOF',
          stripTabs: false,
          quoted: false,
          body: 'apt-get update\npip install torch\n',
          startLine: 2,
          endLine: 4,
        },
      ],
      raw: '',
      range: { line: 1, column: 1, endLine: 4, endColumn: 4 },
      stage: 0,
    };
    expect(runCommands(base).map((c) => c.words[0])).toEqual(['apt-get', 'pip']);
    const exec = { ...base, heredocs: [], jsonForm: true, words: ['/bin/sh', '-c', 'nvidia-smi && echo ok'] };
    expect(runCommands(exec).map((c) => c.words[0])).toEqual(['nvidia-smi', 'echo']);
  });
});

describe('apt and extension facts', () => {
  it('knows packages that prompt and build tools', () => {
    expect(pullsTzdataPrompt('tzdata')).toBe(true);
    expect(pullsTzdataPrompt('libopencv-dev')).toBe(true);
    expect(pullsTzdataPrompt('libgl1-mesa-glx')).toBe(true);
    expect(pullsTzdataPrompt('curl')).toBe(false);
    expect(isBuildTool('g++-11')).toBe(true);
    expect(isBuildTool('python3-dev')).toBe(true);
    expect(isBuildTool('libpq5')).toBe(false);
  });

  it('knows torch extensions by name and repository', () => {
    expect(torchExtension('torch_scatter')?.name).toBe('torch-scatter');
    expect(torchExtension('facebookresearch/detectron2')?.name).toBe('detectron2');
    expect(torchExtension('dao-ailab/flash-attention')?.name).toBe('flash-attn');
    expect(torchExtension('flask')).toBeUndefined();
  });

  it('tells pinned refs from branches', () => {
    expect(isPinnedRef('v0.7.4')).toBe(true);
    expect(isPinnedRef('3c3f6e4')).toBe(true);
    expect(isPinnedRef('main')).toBe(false);
    expect(isPinnedRef(undefined)).toBe(false);
    expect(urlRef('git+https://github.com/a/b.git@v1.2#egg=b')).toEqual({ vcs: true, ref: 'v1.2' });
    expect(urlRef('git+https://token@github.com/a/b.git')).toEqual({ vcs: true, ref: undefined });
    expect(urlRef('https://github.com/a/b/archive/refs/heads/main.zip')).toEqual({ vcs: true, ref: 'main' });
    expect(urlRef('https://files.example.com/b-1.0-py3-none-any.whl')).toEqual({ vcs: false });
  });
});
