import pc from 'picocolors';
import { setEngineDebugListener } from '../engine/exec.js';
import type { Diagnostic } from '../model/diagnostic.js';
import type { CliIO } from './context.js';

export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(io: CliIO, value: unknown): void {
  write(io.stdout, JSON.stringify(value, null, 2));
}

export type Colors = ReturnType<typeof pc.createColors>;

export function colors(io: CliIO): Colors {
  return pc.createColors(io.color);
}

/** `file:line:col severity CODE message` then an indented hint: the one-line form of every finding. */
export function formatDiagnostic(d: Diagnostic, c: Colors): string {
  const where = d.file ? `${d.file}${d.line ? `:${d.line}${d.column ? `:${d.column}` : ''}` : ''}` : '';
  const sev =
    d.severity === 'error' ? c.red('error') : d.severity === 'warning' ? c.yellow('warning') : c.blue('info');
  const head = `${where ? `${c.bold(where)} ` : ''}${sev} ${c.dim(d.code)} ${d.message}`;
  return d.hint ? `${head}\n    ${c.dim(`hint: ${d.hint}`)}` : head;
}

/** `STRATA_DEBUG=engine`: every docker call strata makes, on stderr. */
export function installEngineDebug(io: CliIO): void {
  if (!process.env.STRATA_DEBUG?.split(',').includes('engine')) return;
  const c = colors(io);
  setEngineDebugListener((m) => write(io.stderr, c.dim(`[engine] ${m}`)));
}
