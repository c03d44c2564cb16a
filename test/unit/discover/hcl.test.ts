// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote HCL interpolation syntax
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateMonorepo } from '../../../bench/scan/generate.js';
import { HclSyntaxError } from '../../../src/discover/hcl/ast.js';
import { evaluate, type Scope, Unknown, type Value } from '../../../src/discover/hcl/evaluate.js';
import { BAKE_FUNCTIONS } from '../../../src/discover/hcl/functions.js';
import { parseHcl } from '../../../src/discover/hcl/parse.js';

const CONSTRUCTS: [string, string][] = [
  ['empty file', ''],
  ['only comments', '# one\n// two\n/* three */\n'],
  ['string attribute', 'a = "x"\n'],
  ['no final line break', 'a = "x"'],
  ['blank lines at the end', 'a = "x"\n\n\n'],
  ['numbers', 'a = 1\nb = 1.5\nc = -2\nd = 1e3\ne = 007\nf = 0.10\ng = 1E2\nh = 1.0e-5\ni = -0\n'],
  ['big number', 'a = 12345678901234567890\n'],
  ['booleans and null', 'a = true\nb = false\nc = null\n'],
  ['escapes', 'a = "\\n\\t\\"\\\\ \\r"\n'],
  ['unicode escapes', 'a = "\\u00e9 \\U0001F600"\n'],
  ['non-ASCII text', 'a = "héllo wörld ✓"\n'],
  ['escaped interpolation', 'a = "$${x} %%{y}"\n'],
  ['lone dollars and percents', 'a = "$$x $x $$ %% %x 100%"\n'],
  ['template', 'a = "x-${v}"\n'],
  ['template alone', 'a = "${v}"\n'],
  ['template with spaces', 'a = "${ v }-${y.z}"\n'],
  ['two interpolations', 'a = "${x}${y}"\n'],
  ['template with a call', 'a = "app:${upper("x")}"\n'],
  ['template with an operator', 'a = "${x + 1}"\n'],
  ['escape next to interpolation', 'a = "$${x}-${y}"\n'],
  ['bare reference', 'a = TAG\n'],
  ['traversal', 'a = v[0].b.1\n'],
  ['traversal with a string index', 'a = v["k"].x\n'],
  ['call', 'a = notequal("", TAG)\n'],
  ['call without arguments', 'a = timestamp()\n'],
  ['call over lines with a trailing comma', 'a = f(x,\n  y,\n)\n'],
  ['nested calls', 'a = and(notequal("", TAG), equal(X, "y"))\n'],
  ['conditional', 'a = x ? "b" : "c"\n'],
  ['conditional alone in a template', 'a = "${x ? "b" : "c"}"\n'],
  ['operators', 'a = x == "a" && y != "b" || !z\n'],
  ['arithmetic', 'a = 1 + 2 * 3 - 4 / 5 % 6\n'],
  ['negated reference', 'a = -x\n'],
  ['comparison', 'a = x >= 1 && y < 2\n'],
  ['tuple', 'a = [1, "x", true, null]\n'],
  ['tuple over lines with trailing comma', 'a = [1, 2,\n  3,\n]\n'],
  ['empty tuple and object', 'a = []\nb = {}\nc = ""\nd = {\n}\ne = [\n]\n'],
  ['tuple of references', 'a = [x, y.z, f(1)]\n'],
  ['tuple with comments', 'a = [\n  # c\n  "x", // d\n  /* e */ "y"\n]\n'],
  ['one-line object', 'b = { k = 1, "q" = 2, r: 3 }\n'],
  ['object over lines', 'a = {\n  k = "v"\n  "dotted.key" = 1\n  z = [\n  ]\n}\n'],
  ['object with commas and lines', 'a = {\n  k = 1,\n  j = 2,\n}\n'],
  ['object with references', 'a = {\n  a: x\n  "b" = "${y}"\n}\n'],
  ['object duplicate keys', 'a = { a = 1, a = 2 }\n'],
  ['nested objects', 'a = {\n  b = {\n    c = [{ d = 1 }]\n  }\n}\n'],
  ['keys sort by code point', 'a = {\n  b = 1\n  B = 2\n  "é" = 3\n  "10" = 4\n  "2" = 5\n  _ = 6\n}\n'],
  ['blocks repeat into lists', 'target "a" {\n  x = 1\n}\ntarget "a" {\n  y = 2\n}\ntarget "b" {\n}\n'],
  ['block without labels', 'x {\n  y = 1\n}\n'],
  ['block with two labels', 'x "a" "b" {\n  k = 1\n}\nx "a" "c" {\n  k = 2\n}\n'],
  ['block with an identifier label', 'target a {\n  k = 1\n}\n'],
  ['empty one-line block', 'target "b" {}\n'],
  ['nested blocks', 'a "x" {\n  b "y" {\n    c = 1\n  }\n  b "y" {\n    c = 2\n  }\n}\n'],
  [
    'comments everywhere',
    '# head\ntarget "a" { # open\n  x = 1 # after\n  // line\n  /* block */ y = 2\n} // close\n',
  ],
  ['heredoc', 'a = <<EOT\nhello ${v}\n  world\nEOT\n'],
  ['empty heredoc', 'a = <<EOT\nEOT\n'],
  ['heredoc keeps backslashes', 'a = <<EOT\n  a\n  $${x} %%{y} \\n\nEOT\n'],
  ['flush heredoc', 'b = <<-EOT\n    hi ${v}\n      there\n    EOT\n'],
  ['flush heredoc, blank and tab lines', 'a = <<-EOT\n    x\n   \n  y ${v}\n  ${w} z\n\tq\nEOT\n'],
  ['heredoc in a tuple', 'a = [<<EOT\nx\nEOT\n]\n'],
  ['heredoc then attribute', 'a = <<EOT\nx\nEOT\nb = 1\n'],
  [
    'dockerfile-inline',
    'target "i" {\n  dockerfile-inline = <<EOT\nFROM alpine\nRUN echo "${X}" && echo $HOME\nEOT\n}\n',
  ],
  [
    'variable and function blocks',
    'variable "X" {\n  default = ""\n}\nfunction "f" {\n  params = [a]\n  result = "${a}"\n}\n',
  ],
  ['tabs as space', 'target "a" {\n\tx\t=\t1\n}\n'],
  [
    'top-level attributes and blocks',
    'TAG = "v1"\nREPO = "r"\ntarget "a" {\n  tags = ["${REPO}:${TAG}"]\n}\n',
  ],
];

const MORE_CONSTRUCTS: [string, string][] = [
  ['for expression in a tuple', 'a = [for x in y: x]\n'],
  ['for expression in an object', 'a = {for k, v in y: k => v}\n'],
  ['template directive', 'a = "%{if true}x%{endif}"\n'],
  ['strip markers', 'a = "${~x~}"\n'],
  ['splat', 'a = x[*].y\n'],
  ['attribute splat', 'a = x.*.y\n'],
  ['expansion in a call', 'a = f(x...)\n'],
  ['parentheses', 'a = (x)\n'],
  ['conditional inside a longer template', 'a = "x${a ? "b" : "c"}"\n'],
  ['literal interpolation', 'a = "${1}"\n'],
  ['string interpolation', 'a = "a${"x"}"\n'],
  ['negated literal', 'a = !true\n'],
  ['one-line block with an attribute', 'target "b" { x = 1 }\n'],
  ['interpolated object key', 'a = { "${x}" = 1 }\n'],
  ['multi-line block comment', 'a = 1 /* x\n*/\n'],
  ['CRLF line ends', 'a = "x"\r\nb = 1\r\n'],
  ['attribute and block of one name', 'target = 1\ntarget "a" {\n  x = 1\n}\n'],
];

const ERRORS: [string, string][] = [
  ['unclosed tuple', 'target "broken" {\n  tags = [\n}\n'],
  ['unclosed block', 'target "a" {\n  x = 1\n'],
  ['bad escape', 'a = "\\x"\n'],
  ['missing separator in an object', 'a = { k = 1 j = 2 }\n'],
  ['missing comma in a tuple', 'a = [1 2]\n'],
  ['operator at the line end', 'a = 1 +\n  2\n'],
  ['duplicate attribute', 'a = 1\na = 2\n'],
];

describe('parseHcl: constructs of the native syntax', () => {
  test.each([...CONSTRUCTS, ...MORE_CONSTRUCTS])('%s', (_name, text) => {
    expect(() => parseHcl(text)).not.toThrow();
  });
  test.each(ERRORS)('syntax error: %s', (_name, text) => {
    expect(() => parseHcl(text)).toThrow(HclSyntaxError);
  });
  test('a syntax error has the line it is on', () => {
    try {
      parseHcl('a = 1\ntarget "x" {\n  b = [1 2]\n}\n');
      expect.unreachable();
    } catch (e) {
      expect((e as HclSyntaxError).line).toBe(3);
    }
  });
  test('blocks, labels and attribute lines', () => {
    const body = parseHcl('X = 1\n\ntarget "a" {\n  tags = ["x"]\n}\n');
    expect(body.attributes.map((a) => [a.name, a.line])).toEqual([['X', 1]]);
    expect(body.blocks.map((b) => [b.type, b.labels, b.line, b.body.attributes[0]?.line])).toEqual([
      ['target', ['a'], 3, 4],
    ]);
  });
});

const VARS: Record<string, Value> = {
  TAG: 'v1',
  CUDA: [
    { v: '12.8.1', os: ['22.04'] },
    { v: '13.0.0', os: ['24.04', '22.04'] },
  ],
  combo: { cuda_version: '12.1', torch: '2.3' },
  N: 3,
  FLAG: true,
  EMPTY: '',
};

const scope: Scope = {
  lookup: (name) => VARS[name],
  func: (name) => BAKE_FUNCTIONS.get(name),
};

/** The value of `a = EXPR`. */
function value(expr: string): Value {
  const body = parseHcl(`a = ${expr}\n`);
  const node = body.attributes[0]?.expr;
  if (!node) throw new Error('no attribute');
  return evaluate(node, scope);
}

const EVALUATIONS: [string, Value][] = [
  ['"x-${TAG}"', 'x-v1'],
  ['"${N}"', 3],
  ['"n${N}"', 'n3'],
  ['"$${TAG}"', '${TAG}'],
  ['combo.cuda_version', '12.1'],
  ['combo["torch"]', '2.3'],
  ['CUDA[1].os[0]', '24.04'],
  ['CUDA.0.v', '12.8.1'],
  ['CUDA[*].v', ['12.8.1', '13.0.0']],
  ['[for x in CUDA : x.v]', ['12.8.1', '13.0.0']],
  ['[for i, x in CUDA : "${i}:${x.v}" if x.v != "12.8.1"]', ['1:13.0.0']],
  ['{for x in CUDA : x.v => length(x.os)}', { '12.8.1': 1, '13.0.0': 2 }],
  ['{for x in ["a", "b", "a"] : x => 1...}', { a: [1, 1], b: [1] }],
  [
    'flatten([for x in CUDA : [for o in x.os : {v = x.v, os = o}]])',
    [
      { v: '12.8.1', os: '22.04' },
      { v: '13.0.0', os: '24.04' },
      { v: '13.0.0', os: '22.04' },
    ],
  ],
  ['replace("12.8.1", ".", "")', '1281'],
  ['replace("a1b22", "/[0-9]+/", "-")', 'a-b-'],
  ['regex_replace("cu12.8", "^cu([0-9]+)\\\\..*$", "v$1")', 'v12'],
  ['join(",", ["a", "b"])', 'a,b'],
  ['split(".", "1.2.3")', ['1', '2', '3']],
  ['lower("AbC")', 'abc'],
  ['upper("abc")', 'ABC'],
  ['format("%s-%03d", "a", 7)', 'a-007'],
  ['formatlist("img:%s", ["a", "b"])', ['img:a', 'img:b']],
  ['trimprefix("v1.2", "v")', '1.2'],
  ['trimsuffix("app-dev", "-dev")', 'app'],
  ['coalesce(EMPTY, "fallback")', 'fallback'],
  ['concat(["a"], ["b", "c"])', ['a', 'b', 'c']],
  ['contains(["a", "b"], "b")', true],
  ['length("abc")', 3],
  ['notequal("", TAG)', true],
  ['equal(TAG, "v1")', true],
  ['and(FLAG, notequal(TAG, ""))', true],
  ['or(false, false)', false],
  ['FLAG ? "yes" : "no"', 'yes'],
  ['TAG == "v1" && !FLAG || N > 2', true],
  ['1 + 2 * 3 - 4 / 2 % 3', 5],
  ['-N', -3],
  ['(N + 1) * 2', 8],
  ['merge({a = 1}, {b = 2})', { a: 1, b: 2 }],
  ['lookup({a = 1}, "b", 0)', 0],
  ['distinct(["a", "a", "b"])', ['a', 'b']],
  ['keys({b = 1, a = 2})', ['a', 'b']],
  [
    'setproduct(["a"], ["1", "2"])',
    [
      ['a', '1'],
      ['a', '2'],
    ],
  ],
  ['try(combo.missing, "dflt")', 'dflt'],
  ['can(combo.missing)', false],
  ['sanitize("a/b:c")', 'a_b_c'],
  ['"%{if FLAG}on%{else}off%{endif}"', 'on'],
  ['"%{for x in ["a", "b"]}${x};%{endfor}"', 'a;b;'],
  ['<<EOT\nhello ${TAG}\nEOT', 'hello v1\n'],
  ['<<-EOT\n    a\n      b\n    EOT', 'a\n  b\n'],
  ['"${~ TAG ~}  x"', 'v1x'],
  ['basename("a/b/c")', 'c'],
];

describe('evaluate', () => {
  test.each(EVALUATIONS)('%s', (expr, expected) => {
    expect(value(expr)).toEqual(expected);
  });

  test('what cannot be known stays as its text, with why', () => {
    const clock = value('"v-${timestamp()}"');
    expect(clock).toBeInstanceOf(Unknown);
    expect(clock).toMatchObject({ text: 'v-${timestamp()}', runtime: true });
    const missing = value('"x-${lower(NOPE)}"');
    expect(missing).toMatchObject({
      text: 'x-${lower(NOPE)}',
      runtime: false,
      reason: 'NOPE is not defined',
    });
    expect(value('try(timestamp(), "x")')).toMatchObject({ runtime: true });
    expect(value('combo.nope')).toMatchObject({ reason: expect.stringContaining('no attribute nope') });
    expect(value('undefined_function(1)')).toMatchObject({
      reason: expect.stringContaining('not a function'),
    });
  });
});

describe('parseHcl: bake files of the generated monorepo and the examples', () => {
  let root = '';
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'strata-hcl-'));
  });
  afterAll(async () => {
    await fs.rm(root, { recursive: true, force: true });
  });

  test('generated bake files', async () => {
    await generateMonorepo(root, { families: 8, sharedBasesPerFamily: 1, servicesPerFamily: 45 });
    const files = await findFiles(root, (name) => name.endsWith('.hcl'));
    expect(files.length).toBe(2);
    for (const file of files) parseHcl(await fs.readFile(file, 'utf8'));
  });

  test('bake files under examples/', async () => {
    const examples = path.resolve(import.meta.dirname, '../../../examples');
    const files = await findFiles(examples, (name) => name.endsWith('.hcl'));
    for (const file of files) parseHcl(await fs.readFile(file, 'utf8'));
  });
});

async function findFiles(dir: string, match: (name: string) => boolean): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && match(e.name)).map((e) => path.join(e.parentPath, e.name));
}
