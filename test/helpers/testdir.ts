import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A file tree: path -> content. A value `{ symlink: target }` makes a link; `{ mode }` sets permissions. */
export type Tree = Record<string, string | Buffer | { symlink: string } | { content: string; mode: number }>;

/** Writes `tree` into a new temporary folder and returns its absolute path. */
export async function testdir(tree: Tree): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-test-'));
  await writeTree(root, tree);
  return root;
}

export async function writeTree(root: string, tree: Tree): Promise<void> {
  for (const [rel, value] of Object.entries(tree)) {
    const abs = path.join(root, rel);
    await fs.mkdir(path.dirname(abs), { recursive: true });
    if (typeof value === 'string' || Buffer.isBuffer(value)) {
      await fs.writeFile(abs, value);
    } else if ('symlink' in value) {
      await fs.symlink(value.symlink, abs);
    } else {
      await fs.writeFile(abs, value.content);
      await fs.chmod(abs, value.mode);
    }
  }
}

/** Strips the common leading indentation of a template literal, so fixtures can be indented in tests. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const min = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(min)).join('\n');
}
