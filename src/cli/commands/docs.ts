import { createEngine } from '../../engine/client.js';
import { createReport, renderFamilyDocs } from '../../report/index.js';
import { scanRepository } from '../../scan.js';
import { writeFileAtomic } from '../../util/fs.js';
import type { RegisterCommand } from '../context.js';
import { write } from '../output.js';

export const register: RegisterCommand = (program, io) => {
  program
    .command('docs')
    .description(
      'a Markdown page of the image family: images, bases, sizes, contents, build order, how to build one',
    )
    .argument('[dir]', 'repository folder', '.')
    .option('-o, --output <file>', 'write the page to a file instead of stdout')
    .option('--no-sizes', 'do not read the images from the engine (no sizes or packages)')
    .action(async (dir: string, opts: { output?: string; sizes: boolean }) => {
      const { graph } = await scanRepository(dir);
      let report: Awaited<ReturnType<typeof createReport>>['report'] | undefined;
      if (opts.sizes) {
        // Sizes are a bonus: a family not built yet, or no engine, still gets its page.
        report = await createReport({ root: dir, engine: createEngine() })
          .then((r) => r.report)
          .catch(() => undefined);
      }
      const page = renderFamilyDocs(graph, report);
      if (opts.output) {
        await writeFileAtomic(opts.output, page);
        write(io.stderr, `wrote ${opts.output}`);
      } else write(io.stdout, page.trimEnd());
    });
};
