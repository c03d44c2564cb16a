import { copyPathFromContainer, type PathStat } from '../../engine/container.js';
import { type CheckContext, type CheckOutcome, verdict } from '../context.js';
import { matchPatterns } from '../regex.js';
import type { FileContentTest, FileExistenceTest } from '../schema.js';

const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

/**
 * A mode as Go's fs.FileMode.String() prints it (what CST compares `permissions` with): the type and
 * special letters of "dalTLDpSugct?" that apply, or `-`, then rwxrwxrwx.
 */
export function goFileMode(stat: Pick<PathStat, 'mode' | 'type'>): string {
  let prefix = '';
  if (stat.type === 'directory') prefix += 'd';
  if (stat.type === 'symlink') prefix += 'L';
  if (stat.type === 'block-device' || stat.type === 'character-device') prefix += 'D';
  if (stat.type === 'fifo') prefix += 'p';
  if (stat.mode & S_ISUID) prefix += 'u';
  if (stat.mode & S_ISGID) prefix += 'g';
  if (stat.type === 'character-device') prefix += 'c';
  if (stat.mode & S_ISVTX) prefix += 't';
  const rwx = 'rwxrwxrwx'
    .split('')
    .map((ch, i) => (stat.mode & (1 << (8 - i)) ? ch : '-'))
    .join('');
  return `${prefix || '-'}${rwx}`;
}

const EXEC_BITS: Record<string, number> = { owner: 0o100, group: 0o010, other: 0o001, any: 0o111 };

/** A path's existence, permissions, owner and executable bits, read with `docker cp` (no shell needed). */
export async function runFileExistenceTest(
  ctx: CheckContext,
  test: FileExistenceTest,
): Promise<CheckOutcome> {
  const container = await ctx.filesContainer();
  const found = await copyPathFromContainer(ctx.session.target, container, test.path);
  if (!found) return verdict(test.shouldExist ? [`${test.path} does not exist`] : []);
  if (!test.shouldExist) return verdict([`${test.path} exists, expected it not to`]);
  const errors: string[] = [];
  const mode = goFileMode(found.stat);
  if (test.permissions && mode !== test.permissions)
    errors.push(`${test.path} has permissions ${mode}, expected ${test.permissions}`);
  if (test.isExecutableBy) {
    const bits = EXEC_BITS[test.isExecutableBy] ?? 0;
    if ((found.stat.mode & bits) === 0)
      errors.push(`${test.path} is not executable by ${test.isExecutableBy} (${mode})`);
  }
  if (test.uid !== undefined && found.stat.uid !== test.uid)
    errors.push(`${test.path} is owned by uid ${found.stat.uid}, expected ${test.uid}`);
  if (test.gid !== undefined && found.stat.gid !== test.gid)
    errors.push(`${test.path} has gid ${found.stat.gid}, expected ${test.gid}`);
  return verdict(errors);
}

/** A file's content (a final symbolic link followed) against expected and excluded patterns. */
export async function runFileContentTest(ctx: CheckContext, test: FileContentTest): Promise<CheckOutcome> {
  const container = await ctx.filesContainer();
  const found = await copyPathFromContainer(ctx.session.target, container, test.path, {
    content: true,
    follow: true,
  });
  if (!found) return verdict([`${test.path} does not exist`]);
  if (found.stat.type !== 'file') return verdict([`${test.path} is a ${found.stat.type}, not a file`]);
  const text = found.content?.toString('utf8') ?? '';
  return verdict(matchPatterns(text, test.expectedContents, test.excludedContents, 'content'));
}
