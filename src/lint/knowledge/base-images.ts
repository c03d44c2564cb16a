import type { ImageRef } from '../../model/dockerfile.js';

/** An accelerator an image's libraries are built for. */
export type Flavour = 'cpu' | 'cuda' | 'rocm' | 'xpu';

/**
 * What a common public base image hands to the images built FROM it: the parts of its config and
 * filesystem that lint rules judge. Read from the image's Dockerfile in its source repository (the
 * `source` of each entry) at the versions current when the table was written; a value that changed
 * across tags is left out.
 */
export interface BaseImageFacts {
  /** Repository paths it covers (registry left out: `jupyter/base-notebook` matches quay.io and docker.io). */
  repository: RegExp;
  /** Only tags that match, when the facts depend on the tag. */
  tag?: RegExp;
  /** ENV values the base sets that rules read (DEBIAN_FRONTEND, PIP_NO_CACHE_DIR, PIP_CACHE_DIR...). */
  env: Record<string, string>;
  /** USER the base ends with (absent: root). */
  user?: string;
  /** SHELL the base's config carries (BuildKit hands it to children). */
  shell?: string[];
  /** The base has a HEALTHCHECK. */
  healthcheck?: boolean;
  /** Debian packages already installed. */
  aptPackages: string[];
  flavour?: Flavour;
  /** Where the facts come from. */
  source: string;
}

const JUPYTER_SHELL = ['/bin/bash', '-o', 'pipefail', '-c'];

/**
 * The table of well-known bases, first match wins. Sources: the Dockerfiles of docker-library (python,
 * debian, ubuntu, node), nvidia/cuda's gitlab.com/nvidia/container-images/cuda, pytorch/pytorch's
 * docker/Dockerfile, ROCm/ROCm-docker, and jupyter/docker-stacks.
 */
export const BASE_IMAGES: BaseImageFacts[] = [
  {
    repository: /^(jupyter|quay\.io\/jupyter)\/docker-stacks-foundation$/,
    env: { DEBIAN_FRONTEND: 'noninteractive', CONDA_DIR: '/opt/conda', NB_USER: 'jovyan', NB_UID: '1000' },
    user: '1000',
    shell: JUPYTER_SHELL,
    aptPackages: ['tzdata', 'locales', 'ca-certificates', 'sudo', 'wget', 'bzip2'],
    source:
      'https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile (ENV DEBIAN_FRONTEND, SHELL, USER ${NB_UID})',
  },
  {
    repository:
      /^(jupyter|quay\.io\/jupyter)\/(base-notebook|minimal-notebook|scipy-notebook|r-notebook|julia-notebook|tensorflow-notebook|pytorch-notebook|datascience-notebook|pyspark-notebook|all-spark-notebook)$/,
    env: { DEBIAN_FRONTEND: 'noninteractive', CONDA_DIR: '/opt/conda', NB_USER: 'jovyan', NB_UID: '1000' },
    user: '1000',
    shell: JUPYTER_SHELL,
    healthcheck: true,
    aptPackages: ['tzdata', 'locales', 'ca-certificates', 'sudo', 'wget', 'bzip2'],
    source:
      'https://github.com/jupyter/docker-stacks/blob/main/images/docker-stacks-foundation/Dockerfile (ENV DEBIAN_FRONTEND, SHELL, USER ${NB_UID}); images/base-notebook/Dockerfile (HEALTHCHECK)',
  },
  {
    repository: /^(library\/)?python$/,
    env: { LANG: 'C.UTF-8' },
    aptPackages: ['tzdata', 'ca-certificates', 'netbase'],
    source: 'https://github.com/docker-library/python (Debian bookworm/trixie rootfs: tzdata is installed)',
  },
  {
    repository: /^(library\/)?debian$/,
    env: {},
    aptPackages: ['tzdata'],
    source:
      'https://github.com/debuerreotype/docker-debian-artifacts (tzdata is priority required up to bookworm)',
  },
  {
    repository: /^(library\/)?ubuntu$/,
    env: {},
    aptPackages: [],
    source: 'https://git.launchpad.net/cloud-images/+oci/ubuntu-base (minimal rootfs without tzdata)',
  },
  {
    repository: /^(library\/)?node$/,
    env: {},
    aptPackages: [],
    source: 'https://github.com/nodejs/docker-node (runs as root; a `node` user exists but is not selected)',
  },
  {
    repository: /^nvidia\/cuda$/,
    env: { NVIDIA_VISIBLE_DEVICES: 'all', NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' },
    aptPackages: [],
    flavour: 'cuda',
    source:
      'https://gitlab.com/nvidia/container-images/cuda (base: cudart; runtime: + libraries; devel: + nvcc)',
  },
  {
    repository: /^(pytorch\/pytorch|nvcr\.io\/nvidia\/pytorch|nvidia\/pytorch)$/,
    env: { NVIDIA_VISIBLE_DEVICES: 'all', NVIDIA_DRIVER_CAPABILITIES: 'compute,utility' },
    aptPackages: [],
    flavour: 'cuda',
    source:
      'https://github.com/pytorch/pytorch/blob/main/Dockerfile (conda env with torch and CUDA libraries)',
  },
  {
    repository: /^rocm\//,
    env: {},
    aptPackages: [],
    flavour: 'rocm',
    source: 'https://github.com/ROCm/ROCm-docker',
  },
  {
    repository: /^intel\/(intel-extension-for-pytorch|intel-optimized-pytorch|oneapi)/,
    tag: /xpu|gpu/,
    env: {},
    aptPackages: [],
    flavour: 'xpu',
    source: 'https://github.com/intel/ai-containers',
  },
];

/** The facts of a base image, or undefined when the table does not know it. */
export function baseImageFacts(ref: ImageRef): BaseImageFacts | undefined {
  const repo = ref.registry === 'docker.io' ? ref.repository : `${ref.registry}/${ref.repository}`;
  return BASE_IMAGES.find(
    (b) =>
      (b.repository.test(repo) || b.repository.test(ref.repository)) &&
      (!b.tag || b.tag.test(ref.tag ?? 'latest')),
  );
}
