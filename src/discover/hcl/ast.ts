/**
 * The syntax tree of HCL's native syntax (https://github.com/hashicorp/hcl/blob/main/hclsyntax/spec.md),
 * as far as bake files use it: bodies of attributes and blocks, and every expression form (literals,
 * templates with interpolations and directives, tuples, objects, references, attribute and index
 * access, splats, function calls, for expressions, operators, conditionals). `line` is 1-based.
 */

export type Node =
  | { kind: 'literal'; value: string | number | boolean | null; line: number }
  | { kind: 'template'; parts: TemplatePart[]; line: number }
  | { kind: 'variable'; name: string; line: number }
  | { kind: 'attribute'; object: Node; name: string; line: number }
  | { kind: 'index'; object: Node; key: Node; line: number }
  /** `list[*].a.b` / `list.*.a`: `each` applies to every element through the `variable` named `*`. */
  | { kind: 'splat'; source: Node; each: Node; line: number }
  | { kind: 'call'; name: string; args: Node[]; expand: boolean; line: number }
  | { kind: 'tuple'; items: Node[]; line: number }
  | { kind: 'object'; items: ObjectItem[]; line: number }
  | {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Node;
      key?: Node;
      value: Node;
      condition?: Node;
      group: boolean;
      line: number;
    }
  | { kind: 'conditional'; test: Node; yes: Node; no: Node; line: number }
  | { kind: 'binary'; op: BinaryOperator; left: Node; right: Node; line: number }
  | { kind: 'unary'; op: '!' | '-'; operand: Node; line: number }
  | { kind: 'parens'; inner: Node; line: number };

export type BinaryOperator =
  | '||'
  | '&&'
  | '=='
  | '!='
  | '<'
  | '>'
  | '<='
  | '>='
  | '+'
  | '-'
  | '*'
  | '/'
  | '%';

/** A key is a bare name (taken literally), or any expression (a quoted string, `(expr)`). */
export interface ObjectItem {
  key: Node;
  value: Node;
  line: number;
}

export type TemplatePart =
  | string
  | Node
  | { kind: 'if'; test: Node; yes: TemplatePart[]; no: TemplatePart[] }
  | { kind: 'for-directive'; keyVar?: string; valueVar: string; collection: Node; body: TemplatePart[] };

export interface Attribute {
  name: string;
  expr: Node;
  line: number;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  line: number;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** A syntax error at a 1-based line. */
export class HclSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}
