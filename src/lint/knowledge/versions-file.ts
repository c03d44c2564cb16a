import { canonicalPackage, packageOfVersionVariable } from './package-names.js';

/** One version a versions file states: `TORCH_VERSION=2.1.0`, `torch==2.1.0`, `PyTorch: 2.1.0+cu121`. */
export interface StatedVersion {
  /** Canonical package name, or `cuda` / `python`. */
  name: string;
  version: string;
  key: string;
  line: number;
}

const VERSIONS_FILE = /^(versions?(\.(txt|env|cfg|ini))?|\.versions|\.env)$/i;

/** Whether a dependency file is a versions file strata compares the images against. */
export function isVersionsFile(rel: string): boolean {
  return VERSIONS_FILE.test(rel.split('/').pop() ?? '');
}

/**
 * Parses a versions file. `.env` files only contribute `*_VERSION` variables; other versions files also
 * `name==version`, `name=version` and `name: version` lines.
 */
export function parseVersionsFile(text: string, rel: string): StatedVersion[] {
  const envOnly = /(^|\/)\.env$/.test(rel);
  const out: StatedVersion[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw
      .replace(/(^|\s)#.*$/, '')
      .trim()
      .replace(/^export\s+/, '');
    const m = /^([A-Za-z][\w.-]*)\s*(?:==|=|:)\s*["']?([^"'\s]+)["']?$/.exec(line);
    if (!m) return;
    const [, key = '', value = ''] = m;
    if (!/^v?\d/.test(value)) return;
    const version = value.replace(/^v(?=\d)/, '');
    const fromVar = packageOfVersionVariable(key);
    if (fromVar) out.push({ name: fromVar, version, key, line: i + 1 });
    else if (!envOnly && !/[A-Z]/.test(key.replace(/^[A-Z]/, '')))
      out.push({ name: canonicalPackage(key), version, key, line: i + 1 });
  });
  return out;
}
