export const DEFAULT_PLATFORM = 'linux/amd64';

/**
 * BuildKit's automatic platform ARGs for a target platform (`os/arch[/variant]`): TARGETPLATFORM,
 * TARGETOS, TARGETARCH, TARGETVARIANT and the BUILD* ones. They are in scope in FROM lines
 * without being declared. The build platform is `buildPlatform` (linux/amd64 by default).
 */
export function platformArgs(
  platform = DEFAULT_PLATFORM,
  buildPlatform = DEFAULT_PLATFORM,
): Record<string, string> {
  const target = splitPlatform(platform);
  const build = splitPlatform(buildPlatform);
  return {
    TARGETPLATFORM: target.platform,
    TARGETOS: target.os,
    TARGETARCH: target.arch,
    TARGETVARIANT: target.variant,
    BUILDPLATFORM: build.platform,
    BUILDOS: build.os,
    BUILDARCH: build.arch,
    BUILDVARIANT: build.variant,
  };
}

function splitPlatform(text: string): { platform: string; os: string; arch: string; variant: string } {
  const [os = 'linux', arch = 'amd64', variant = ''] = text.trim().toLowerCase().split('/');
  const platform = variant ? `${os}/${arch}/${variant}` : `${os}/${arch}`;
  return { platform, os, arch, variant };
}
