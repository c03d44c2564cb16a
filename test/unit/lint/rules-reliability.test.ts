import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

describe('apt-tzdata-prompt and apt-noninteractive', () => {
  const both = [ruleById('apt-tzdata-prompt'), ruleById('apt-noninteractive')];

  it('accepts ENV set by a family parent image, a prefix and an export', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml': dedent(`
          services:
            base:
              image: acme/base:1
              build: ./base
            app:
              build: ./app
        `),
        'base/Dockerfile': 'FROM ubuntu:22.04\nENV DEBIAN_FRONTEND=noninteractive\n',
        'app/Dockerfile': dedent(`
          FROM acme/base:1
          RUN apt-get update && apt-get install -y tzdata
          FROM ubuntu:22.04 AS other
          RUN export DEBIAN_FRONTEND=noninteractive && apt-get update && apt-get install -y tzdata
          FROM ubuntu:22.04
          RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ffmpeg
          COPY --from=other /etc/timezone /etc/timezone
        `),
      },
      both,
    );
  });

  it('does not carry an ARG across stages, and tells tzdata from the rest', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          ARG DEBIAN_FRONTEND=noninteractive
          FROM ubuntu:22.04 AS build
          RUN apt-get update && apt-get install -y --no-install-recommends libopencv-dev
          FROM ubuntu:22.04
          COPY --from=build /usr/lib /usr/lib
          RUN apt-get update && apt-get install -y --no-install-recommends curl
        `),
      },
      both,
    );
    expect(found.map((f) => `${f.rule}:${f.line}`)).toEqual(['apt-tzdata-prompt:3', 'apt-noninteractive:6']);
  });
});

describe('torch-extension-order', () => {
  const order = ruleById('torch-extension-order');

  it('accepts torch from the parent image of the family', async () => {
    await expectNoFindings(
      {
        'docker-compose.yml': dedent(`
          services:
            base:
              image: acme/torch:1
              build: ./base
            pose:
              build: ./pose
        `),
        'base/Dockerfile':
          'FROM nvidia/cuda:11.8.0-devel-ubuntu22.04\nRUN pip install torch==2.0.1+cu118 --index-url https://download.pytorch.org/whl/cu118\n',
        'pose/Dockerfile':
          'FROM acme/torch:1\nRUN pip install --no-build-isolation "git+https://github.com/facebookresearch/pytorch3d.git@v0.7.4"\n',
      },
      order,
    );
  });

  it('reports torch and an extension in one pip call, also through a requirements file', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM nvidia/cuda:11.8.0-devel-ubuntu22.04
          WORKDIR /app
          COPY requirements.txt .
          RUN pip install --no-build-isolation -r requirements.txt
        `),
        'requirements.txt':
          'torch==2.0.1\ndetectron2 @ git+https://github.com/facebookresearch/detectron2.git@v0.6\n',
      },
      order,
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'requirements.txt', line: 2 });
    expect(found[0]!.message).toContain('same pip call as torch');
  });

  it('reports an extension when torch never comes, and follows a clone into pip install -e', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM nvidia/cuda:12.1.1-devel-ubuntu22.04
          RUN git clone https://github.com/facebookresearch/detectron2.git /opt/detectron2 && cd /opt/detectron2 && git checkout v0.6
          RUN cd /opt/detectron2 && pip install --no-build-isolation -e .
        `),
      },
      order,
    );
    expect(found.map((f) => f.line)).toEqual([3]);
    expect(found[0]!.message).toContain('detectron2');
  });

  it('says nothing when the base is a torch image or unknown, or the extension comes as a wheel', async () => {
    await expectNoFindings(
      {
        'a/Dockerfile':
          'FROM pytorch/pytorch:2.1.0-cuda12.1-cudnn8-devel\nRUN pip install --no-build-isolation flash-attn==2.5.8\n',
        'b/Dockerfile': 'FROM $BASE\nRUN pip install --no-build-isolation flash-attn==2.5.8\n',
        'c/Dockerfile':
          'FROM python:3.11\nRUN pip install torch-scatter -f https://data.pyg.org/whl/torch-2.1.0+cpu.html\nRUN pip install torch==2.1.0\n',
      },
      order,
    );
  });
});

describe('unpinned-vcs-install', () => {
  it('accepts a clone followed by a checkout in a later RUN, and a commit pin', async () => {
    await expectNoFindings(
      {
        Dockerfile: dedent(`
          FROM python:3.11
          RUN git clone https://github.com/a/b.git /src
          RUN git -C /src checkout 3c3f6e4d
          RUN pip install "git+https://github.com/a/c.git@0123456789abcdef0123456789abcdef01234567"
          RUN pip install https://github.com/a/d/archive/refs/tags/v1.2.tar.gz
        `),
      },
      ruleById('unpinned-vcs-install'),
    );
  });

  it('reports a branch', async () => {
    const found = await lintTree(
      { Dockerfile: 'FROM python:3.11\nRUN pip install git+https://github.com/a/c.git@main\n' },
      ruleById('unpinned-vcs-install'),
    );
    expect(found[0]!.message).toContain('branch main');
  });
});
