import type { ImageGraph } from '../model/graph.js';

function label(graph: ImageGraph, id: string): string {
  const image = graph.images.find((i) => i.id === id);
  const tag = image?.tags[0];
  return tag && tag !== id ? `${id}\\n${tag}` : id;
}

/** Quotes for mermaid node text. */
function mq(text: string): string {
  return `"${text.replace(/"/g, '#quot;').replace(/\\n/g, '<br/>')}"`;
}

function nodeId(text: string): string {
  return text.replace(/[^A-Za-z0-9_]/g, '_');
}

/** The graph as a mermaid flowchart: bases at the top, external bases as stadium shapes, inferred links dashed. */
export function toMermaid(graph: ImageGraph): string {
  const lines = ['flowchart TD'];
  for (const base of graph.externalBases) {
    lines.push(`  ${nodeId(`ext_${base.ref.familiar}`)}([${mq(base.ref.familiar)}])`);
  }
  for (const image of graph.images) lines.push(`  ${nodeId(image.id)}[${mq(label(graph, image.id))}]`);
  for (const base of graph.externalBases) {
    for (const user of base.usedBy)
      lines.push(`  ${nodeId(`ext_${base.ref.familiar}`)} -.-> ${nodeId(user)}`);
  }
  for (const e of graph.edges) {
    const arrow = e.inferred ? '-. inferred .->' : e.kind === 'from' ? '-->' : `-- ${e.kind} -->`;
    lines.push(`  ${nodeId(e.parent)} ${arrow} ${nodeId(e.child)}`);
  }
  for (const cycle of graph.cycles) {
    for (const id of new Set(cycle)) lines.push(`  style ${nodeId(id)} stroke:#d33,stroke-width:3px`);
  }
  return `${lines.join('\n')}\n`;
}

function dq(text: string): string {
  return `"${text.replace(/\\(?!n)/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The graph in Graphviz dot: one rank per wave, external bases as grey boxes, inferred links dashed. */
export function toDot(graph: ImageGraph): string {
  const lines = ['digraph strata {', '  rankdir=TB;', '  node [shape=box, style=rounded];'];
  for (const base of graph.externalBases) {
    lines.push(
      `  ${dq(`ext:${base.ref.familiar}`)} [label=${dq(base.ref.familiar)}, style="filled", fillcolor="#eeeeee"];`,
    );
  }
  for (const image of graph.images) lines.push(`  ${dq(image.id)} [label=${dq(label(graph, image.id))}];`);
  for (const base of graph.externalBases) {
    for (const user of base.usedBy)
      lines.push(`  ${dq(`ext:${base.ref.familiar}`)} -> ${dq(user)} [style=dotted];`);
  }
  for (const e of graph.edges) {
    const attrs = [e.kind === 'from' ? '' : `label=${dq(e.kind)}`, e.inferred ? 'style=dashed' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${dq(e.parent)} -> ${dq(e.child)}${attrs ? ` [${attrs}]` : ''};`);
  }
  graph.waves.forEach((wave) => {
    lines.push(`  { rank=same; ${wave.map(dq).join('; ')}; }`);
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
