import { Option } from 'commander';
import { toDot, toMermaid } from '../../graph/index.js';
import { scanRepository } from '../../scan.js';
import type { RegisterCommand } from '../context.js';
import { write } from '../output.js';
import { addVariableOptions, type VariableFlags, variableScanOptions } from '../scan-options.js';

export const register: RegisterCommand = (program, io) => {
  const command = program
    .command('graph')
    .description('print the image graph as mermaid or Graphviz dot')
    .argument('[dir]', 'repository folder', '.')
    .addOption(
      new Option('--format <format>', 'output format').choices(['mermaid', 'dot']).default('mermaid'),
    );
  addVariableOptions(command).action(
    async (dir: string, opts: { format: 'mermaid' | 'dot' } & VariableFlags) => {
      const { graph } = await scanRepository(dir, variableScanOptions(opts));
      write(io.stdout, opts.format === 'dot' ? toDot(graph) : toMermaid(graph));
      io.exitCode = graph.cycles.length > 0 ? 1 : 0;
    },
  );
};
