import path from 'node:path';
import { Option } from 'commander';
import { toScanJson } from '../../graph/index.js';
import { scanRepository } from '../../scan.js';
import type { RegisterCommand } from '../context.js';
import { colors, printJson, write } from '../output.js';
import { renderScan } from '../render/scan.js';
import { addVariableOptions, type VariableFlags, variableScanOptions } from '../scan-options.js';

export const register: RegisterCommand = (program, io) => {
  const command = program
    .command('scan')
    .description('read the repository and print its image family: layers, links and build waves')
    .argument('[dir]', 'repository folder', '.')
    .option('--json', 'machine-readable output (schema: docs/scan-json.md)')
    .addOption(new Option('--exclude <glob...>', 'skip paths matching these globs (on top of .gitignore)'));
  addVariableOptions(command).action(
    async (dir: string, opts: { json?: boolean; exclude?: string[] } & VariableFlags) => {
      const { graph } = await scanRepository(dir, { exclude: opts.exclude, ...variableScanOptions(opts) });
      if (opts.json) printJson(io, toScanJson(graph, dir));
      else
        write(
          io.stdout,
          renderScan(graph, path.relative(process.cwd(), path.resolve(dir)) || '.', colors(io)),
        );
      io.exitCode = graph.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
    },
  );
};
