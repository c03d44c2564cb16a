import { Option } from 'commander';
import { toDot, toMermaid } from '../../graph/index.js';
import { scanRepository } from '../../scan.js';
import type { RegisterCommand } from '../context.js';
import { write } from '../output.js';

export const register: RegisterCommand = (program, io) => {
  program
    .command('graph')
    .description('print the image graph as mermaid or Graphviz dot')
    .argument('[dir]', 'repository folder', '.')
    .addOption(
      new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'),
    )
    .action(async (dir: string, opts: { format: 'mermaid' | 'dot' }) => {
      const { graph } = await scanRepository(dir);
      write(io.stdout, opts.format === 'dot' ? toDot(graph) : toMermaid(graph));
      io.exitCode = graph.cycles.length > 0 ? 1 : 0;
    });
};
