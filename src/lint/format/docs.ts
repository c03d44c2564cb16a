import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Repository-relative path of a rule's doc page. */
export function ruleDocPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/**
 * Absolute URL of a rule's doc page: under `baseUrl` when given (a published docs site or repository
 * URL ending in `/`), else the page shipped with the installed package as a file: URL.
 */
export function ruleDocUrl(ruleId: string, baseUrl?: string): string {
  if (baseUrl) return new URL(`${ruleId}.md`, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
  return pathToFileURL(path.join(packageRoot(), ruleDocPath(ruleId))).href;
}

/** This module lives at <package>/src/lint/format/ (or dist/lint/format/): three levels down. */
function packageRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
}
