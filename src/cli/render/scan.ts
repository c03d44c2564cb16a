import path from 'node:path';
import { type GraphLookup, graphLookup } from '../../graph/index.js';
import type { Image, ImageGraph, ImageRole } from '../../model/graph.js';
import { type Colors, formatDiagnostic } from '../output.js';

const LAYERS: { role: ImageRole; title: string }[] = [
  { role: 'system-base', title: 'system bases (built here on external images)' },
  { role: 'shared-base', title: 'shared bases (built on the bases above)' },
  { role: 'service', title: 'services' },
];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function parentsOf(lookup: GraphLookup, image: Image, c: Colors): string {
  const local = lookup
    .incoming(image.id)
    .map((e) =>
      e.inferred
        ? `${e.parent} ${c.yellow('(inferred)')}`
        : e.kind === 'from'
          ? e.parent
          : `${e.parent} (${e.kind})`,
    );
  const external = lookup.externalBases(image.id).map((b) => c.dim(b.ref.familiar));
  return [...new Set([...local, ...external])].join(', ');
}

/** `strata scan` for people: the family as layers, like the seeds draw it, then the waves and findings. */
export function renderScan(graph: ImageGraph, displayRoot: string, c: Colors): string {
  const lookup = graphLookup(graph);
  const out: string[] = [];
  const name = path.basename(path.resolve(graph.root));
  out.push(
    `${c.bold(name)}: ${plural(graph.images.length, 'image')} in ${plural(graph.waves.length, 'wave')}, ` +
      `${plural(graph.externalBases.length, 'external base')}  ${c.dim(`(${displayRoot})`)}`,
  );
  if (graph.externalBases.length > 0) {
    out.push('', c.bold('external bases'));
    for (const b of graph.externalBases) {
      const pin = b.pinned ? c.green(' pinned') : '';
      out.push(`  ${b.ref.familiar}${pin}  ${c.dim(`used by ${b.usedBy.join(', ')}`)}`);
    }
  }
  const width = Math.min(36, Math.max(8, ...graph.images.map((i) => i.id.length)));
  for (const { role, title } of LAYERS) {
    const members = graph.images.filter((i) => i.role === role);
    if (members.length === 0) continue;
    out.push('', c.bold(title));
    for (const image of members.sort((a, b) => a.id.localeCompare(b.id))) {
      const marks = [image.gpu ? c.magenta('gpu') : '', image.target ? c.dim(`target ${image.target}`) : '']
        .filter(Boolean)
        .join(' ');
      out.push(`  ${c.cyan(image.id.padEnd(width))}  ${image.dockerfile}${marks ? `  ${marks}` : ''}`);
      const from = parentsOf(lookup, image, c);
      const tags = image.tags.length > 0 ? image.tags.join(', ') : c.dim('(no tag)');
      out.push(`  ${''.padEnd(width)}  ${c.dim('tags')} ${tags}${from ? `  ${c.dim('from')} ${from}` : ''}`);
    }
  }
  const variables = graph.variables ?? [];
  if (variables.length > 0) {
    const words: Record<string, string> = {
      set: 'pinned',
      env: 'from the environment',
      dotenv: 'from .env',
      default: 'default',
      unset: 'unset',
    };
    out.push(
      '',
      c.bold('variables') + c.dim(' (--set VAR=value pins one; --ignore-env ignores the environment)'),
    );
    for (const v of variables) {
      const value = v.value !== undefined ? `=${v.value}` : '';
      out.push(`  ${v.name}${value}  ${c.dim(`${words[v.source]}, ${v.file}${v.line ? `:${v.line}` : ''}`)}`);
    }
  }
  if (graph.waves.length > 0) {
    out.push('', c.bold('build waves') + c.dim(' (each wave needs only the waves before it)'));
    graph.waves.forEach((wave, i) => {
      out.push(`  ${String(i + 1).padStart(2)}  ${wave.join('  ')}`);
    });
  }
  const inferred = graph.edges.filter((e) => e.inferred);
  if (inferred.length > 0) {
    out.push(
      '',
      c.bold('inferred links') + c.dim(' (no file states them; declare them in strata.yaml to be sure)'),
    );
    for (const e of inferred) {
      out.push(`  ${e.parent} -> ${e.child}  ${c.dim(`${e.inferred!.detail}`)}`);
    }
  }
  if (graph.unused.length > 0) {
    out.push(
      '',
      `${c.bold('unused bases')}  ${graph.unused.join(', ')}  ${c.dim('(built, but nothing uses them)')}`,
    );
  }
  if (graph.diagnostics.length > 0) {
    out.push('', c.bold('findings'));
    for (const d of graph.diagnostics) out.push(`  ${formatDiagnostic(d, c).replace(/\n/g, '\n  ')}`);
  }
  return `${out.join('\n')}\n`;
}
