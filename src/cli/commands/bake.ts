import { promises as fs } from 'node:fs';
import path from 'node:path';
import { toBakeFile } from '../../bake/index.js';
import { UsageError } from '../../model/errors.js';
import { scanRepository } from '../../scan.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { RegisterCommand } from '../context.js';
import { write } from '../output.js';
import { addVariableOptions, type VariableFlags, variableScanOptions } from '../scan-options.js';

export const register: RegisterCommand = (program, io) => {
  const command = program
    .command('bake')
    .description('write a docker-bake.json that builds the family with buildx bake, in the same order')
    .argument('[dir]', 'repository folder', '.')
    .option('-o, --output <file>', 'where to write it (`-` for stdout); default <dir>/docker-bake.json')
    .option('--force', 'replace an existing <dir>/docker-bake.json');
  addVariableOptions(command).action(
    async (dir: string, opts: { output?: string; force?: boolean } & VariableFlags) => {
      const { graph } = await scanRepository(dir, variableScanOptions(opts));
      if (opts.output === '-') {
        write(io.stdout, `${JSON.stringify(toBakeFile(graph), null, 2)}\n`);
        return;
      }
      const file = path.resolve(opts.output ?? path.join(dir, 'docker-bake.json'));
      const text = `${JSON.stringify(toBakeFile(graph, { dir: path.dirname(file) }), null, 2)}\n`;
      if (!opts.output && !opts.force && (await exists(file))) {
        throw new UsageError(
          `${file} already exists`,
          'pass --force to replace it, or -o FILE to write elsewhere',
        );
      }
      await writeFileAtomic(file, text);
      const skipped = graph.images.length - graph.waves.flat().length;
      write(
        io.stdout,
        `wrote ${file}: ${graph.waves.flat().length} targets${skipped > 0 ? `, ${skipped} images in a cycle left out` : ''}; build them with \`docker buildx bake -f ${path.basename(file)}\` in ${path.dirname(file)} (strata itself never reads the file)`,
      );
    },
  );
};

async function exists(file: string): Promise<boolean> {
  return fs
    .access(file)
    .then(() => true)
    .catch(() => false);
}
