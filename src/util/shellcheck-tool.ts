import { execFile } from 'node:child_process';

/** The ShellCheck binary: `$STRATA_SHELLCHECK`, else `shellcheck` on PATH. */
export function shellcheckBinary(): string {
  return process.env.STRATA_SHELLCHECK || 'shellcheck';
}

let versionCache: Promise<string | undefined> | undefined;

/** The installed ShellCheck's version (`0.9.0`), or undefined when it is not installed. Asked once. */
export function shellcheckVersion(): Promise<string | undefined> {
  versionCache ??= new Promise((resolve) => {
    execFile(shellcheckBinary(), ['--version'], { timeout: 10_000 }, (error, stdout) => {
      if (error) resolve(undefined);
      else resolve(/version:\s*(\S+)/.exec(stdout)?.[1] ?? 'unknown');
    });
  });
  return versionCache;
}
