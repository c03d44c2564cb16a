// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures quote HCL interpolation syntax
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateMonorepo } from '../../../bench/scan/generate.js';
import { readBakeSource } from '../../../src/discover/bake-source.js';
import { readHcl } from '../../../src/discover/hcl/read.js';
import { dedent } from '../../helpers/testdir.js';

const hcl2 = createRequire(import.meta.url)('hcl2-parser') as {
  parseToObject: (text: string) => [unknown, unknown];
};

/** The fast reader gives what hcl2-parser gives, keys in the same order. */
function expectSame(text: string): void {
  const [slow, error] = hcl2.parseToObject(text);
  expect(error).toBeNull();
  const fast = readHcl(text);
  expect(fast).toBeDefined();
  expect(fast).toEqual(slow);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
}

/**
 * The HCL texts of bake.test.ts, taken from its source: every template literal that holds a block
 * (the JSON ones start with `{`), with the literal's own escapes undone.
 */
async function bakeTestFixtures(): Promise<string[]> {
  const source = await fs.readFile(path.join(import.meta.dirname, 'bake.test.ts'), 'utf8');
  const literals = [...source.matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? '');
  return literals
    .filter((body) => /^\s*[a-z]+ "[^"]*" \{$/m.test(body) && !body.trimStart().startsWith('{'))
    .map((body) => dedent(body.replace(/\\(.)/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch))));
}

describe('readHcl: the bake fixtures of bake.test.ts', () => {
  test('each one reads as hcl2-parser reads it; the broken one is left to hcl2-parser', async () => {
    const fixtures = await bakeTestFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    let broken = 0;
    for (const text of fixtures) {
      const [, error] = hcl2.parseToObject(text);
      if (error === null) {
        expectSame(text);
      } else {
        broken++;
        expect(readHcl(text)).toBeUndefined();
      }
    }
    expect(broken).toBeGreaterThanOrEqual(1);
  });
});

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

describe('readHcl: constructs', () => {
  test('the table is large enough', () => expect(CONSTRUCTS.length).toBeGreaterThanOrEqual(40));
  test.each(CONSTRUCTS)('%s', (_name, text) => expectSame(text));
});

const UNSUPPORTED: [string, string][] = [
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
  ['heredoc at the end of the text', 'a = <<EOT\nx\nEOT'],
  ['duplicate attribute', 'a = 1\na = 2\n'],
  ['clashing blocks', 'target "a" "b" {\n  x = 1\n}\ntarget "a" {\n  y = 1\n}\n'],
];

describe('readHcl: outside the subset it gives up and hcl2-parser decides', () => {
  test.each(UNSUPPORTED)('%s', (_name, text) => {
    expect(readHcl(text)).toBeUndefined();
    const [value, error] = hcl2.parseToObject(text);
    expect(error).toBeNull();
    expect(value).toBeDefined();
  });
  test.each(ERRORS)('syntax error: %s', (_name, text) => {
    expect(readHcl(text)).toBeUndefined();
    let failed = false;
    try {
      failed = hcl2.parseToObject(text)[1] !== null;
    } catch {
      failed = true;
    }
    expect(failed).toBe(true);
  });
});

describe('readBakeSource falls back to hcl2-parser', () => {
  test('a for expression is read by hcl2-parser', () => {
    const text = 'target "a" {\n  tags = [for t in ["x", "y"]: "app:${t}"]\n  context = "a"\n}\n';
    expect(readHcl(text)).toBeUndefined();
    const { source, diagnostics } = readBakeSource(text, 'docker-bake.hcl');
    expect(diagnostics).toEqual([]);
    expect(source?.targets.a).toEqual({ context: 'a', tags: '${[for t in ["x", "y"]: "app:${t}"]}' });
  });

  test('a syntax error keeps its diagnostic and line', () => {
    const text = 'target "ok" {\n  tags = ["ok"]\n}\n\ntarget "broken" {\n  tags = [\n}\n';
    const { source, diagnostics } = readBakeSource(text, 'docker-bake.hcl');
    expect(source).toBeUndefined();
    expect(diagnostics).toMatchObject([{ code: 'STRATA_BAKE_SYNTAX', line: 5 }]);
  });
});

describe('readHcl: bake files of the generated monorepo and the examples', () => {
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
    for (const file of files) expectSame(await fs.readFile(file, 'utf8'));
  });

  test('bake files under examples/', async () => {
    const examples = path.resolve(import.meta.dirname, '../../../examples');
    const files = await findFiles(examples, (name) => name.endsWith('.hcl'));
    for (const file of files) expectSame(await fs.readFile(file, 'utf8'));
  });
});

async function findFiles(dir: string, match: (name: string) => boolean): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && match(e.name)).map((e) => path.join(e.parentPath, e.name));
}
