/**
 * Debian/Ubuntu packages whose installation stops at a debconf question unless DEBIAN_FRONTEND is
 * noninteractive: tzdata itself ("Geographic area:") and packages that depend on it or on
 * keyboard-configuration. A build has no terminal, so the question waits forever.
 */
const PROMPTING_EXACT = new Set([
  'tzdata',
  'keyboard-configuration',
  'python3-opencv',
  'ffmpeg',
  'software-properties-common',
  'postgresql',
  'postgresql-client',
  'r-base',
  'r-base-dev',
  'php',
  'libgtk-3-0',
  'libgtk-3-dev',
  'libgtk2.0-0',
  'libgtk2.0-dev',
  'libboost-all-dev',
  'libavcodec-extra',
  'libavcodec-dev',
  'libavformat-dev',
  'x11-apps',
  'xvfb',
  'ubuntu-desktop',
  'console-setup',
]);

const PROMPTING_PREFIXES = [
  'libopencv-',
  'libgl1-mesa-',
  'texlive',
  'libvtk',
  'qt5-',
  'libqt5',
  'postgresql-1',
];

/** Whether installing this package on Debian/Ubuntu (with recommends) is known to ask a debconf question. */
export function pullsTzdataPrompt(pkg: string): boolean {
  const name = pkg.split('=')[0]!.toLowerCase();
  return PROMPTING_EXACT.has(name) || PROMPTING_PREFIXES.some((p) => name.startsWith(p));
}

/** Compilers and build tools: needed to build, dead weight at run time. */
const BUILD_TOOLS_EXACT = new Set([
  'build-essential',
  'gcc',
  'g++',
  'clang',
  'make',
  'cmake',
  'ninja-build',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'git',
  'gfortran',
  'cuda-toolkit',
  'cuda-nvcc',
  'build-base',
  'alpine-sdk',
  'musl-dev',
  'cargo',
  'rustc',
  'golang',
]);

/** `gcc`, `g++-11`, `libssl-dev`, `python3-dev`, `cuda-nvcc-12-1`, `openssl-dev` (apk). */
export function isBuildTool(pkg: string): boolean {
  const name = pkg.split('=')[0]!.toLowerCase();
  if (BUILD_TOOLS_EXACT.has(name)) return true;
  if (/^(gcc|g\+\+|clang|cpp)-\d+(\.\d+)?$/.test(name)) return true;
  if (/^cuda-(toolkit|nvcc|compiler)(-\d+(-\d+)?)?$/.test(name)) return true;
  return /-dev(el)?$/.test(name);
}
