import { describe, expect, it } from 'vitest';
import { parseTestFile } from '../../../src/verify/schema.js';
import { dedent } from '../../helpers/testdir.js';

describe('test files', () => {
  it('reads container-structure-test 2.0.0 files unchanged', () => {
    const { tests, diagnostics } = parseTestFile(
      dedent(`
        schemaVersion: '2.0.0'
        globalEnvVars:
          - key: VIRTUAL_ENV
            value: /env
        commandTests:
          - name: apt-get
            command: apt-get
            args: [help]
            excludedError: ['.*FAIL.*']
            expectedOutput: ['.*Usage.*']
            setup: [[touch, /tmp/x]]
            envVars:
              - key: PATH
                value: /env/bin:$PATH
        fileExistenceTests:
          - name: Root
            path: /
            uid: 0
            gid: 0
          - name: Dummy
            path: /etc/dummy
            shouldExist: false
            permissions: '-rw-r--r--'
            isExecutableBy: owner
        fileContentTests:
          - name: passwd
            path: /etc/passwd
            expectedContents: ['root:x:0:0']
        metadataTest:
          envVars:
            - key: REGEX_VAR
              value: '[a-z]+'
              isRegex: true
          unboundEnvVars:
            - key: BAR
          exposedPorts: ['8000']
          cmd: [python, -m, app]
        containerRunOptions:
          user: root
          privileged: true
          envVars: [FOO]
          capabilities: [sys_admin]
          bindMounts: ['/tmp/test:/tmp/test']
      `),
      'tests.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(tests?.globalEnvVars).toEqual([{ key: 'VIRTUAL_ENV', value: '/env' }]);
    expect(tests?.commandTests[0]).toMatchObject({
      name: 'apt-get',
      command: 'apt-get',
      args: ['help'],
      exitCode: 0,
      setup: [['touch', '/tmp/x']],
      line: 6,
    });
    expect(tests?.fileExistenceTests.map((t) => [t.path, t.shouldExist, t.uid])).toEqual([
      ['/', true, 0],
      ['/etc/dummy', false, undefined],
    ]);
    expect(tests?.metadataTest).toMatchObject({
      unboundEnvVars: ['BAR'],
      exposedPorts: ['8000'],
      cmd: ['python', '-m', 'app'],
    });
    expect(tests?.containerRunOptions).toMatchObject({ user: 'root', privileged: true, envVars: ['FOO'] });
  });

  it('reads 1.0.0 commands given as a list', () => {
    const { tests } = parseTestFile(
      "schemaVersion: '1.0.0'\ncommandTests:\n- name: bad\n  command: ['apt-get', 'dslkfjasl']\n  exitCode: 1\n",
      'f.yaml',
    );
    expect(tests?.commandTests[0]).toMatchObject({ command: 'apt-get', args: ['dslkfjasl'], exitCode: 1 });
  });

  it("reads strata's keys with durations and sizes", () => {
    const { tests, diagnostics } = parseTestFile(
      dedent(`
        schemaVersion: 2.0.0
        timeout: 2m
        metadataTest:
          nonRoot: true
          envFromBuildArgs: [APP_ENV]
        healthTest:
          command: python -c
          interval: 30s
          timeout: 3s
          startPeriod: 40s
          retries: 3
          deadline: 1m30s
        sizeTest:
          maxSize: 400MB
        importTests:
          - modules: [torch]
            versions: { numpy: '>=1.21' }
        portTests:
          - port: 8000
            path: /health
        baseTest:
          parent: python:3.12-slim
        gpuTest:
          torch: true
      `),
      'f.yaml',
    );
    expect(diagnostics).toEqual([]);
    expect(tests?.timeoutMs).toBe(120_000);
    expect(tests?.healthTest).toMatchObject({
      intervalMs: 30_000,
      timeoutMs: 3_000,
      startPeriodMs: 40_000,
      retries: 3,
      deadlineMs: 90_000,
      healthy: true,
    });
    expect(tests?.sizeTest?.maxBytes).toBe(400_000_000);
    expect(tests?.importTests[0]).toMatchObject({ python: 'python3', modules: ['torch', 'numpy'] });
    expect(tests?.portTests[0]).toMatchObject({ port: 8000, path: '/health', expectedStatus: 200 });
    expect(tests?.baseTest?.parent).toBe('python:3.12-slim');
    expect(tests?.gpuTest).toMatchObject({ command: ['nvidia-smi'], torch: true });
    expect(tests?.metadataTest).toMatchObject({ nonRoot: true, envFromBuildArgs: ['APP_ENV'] });
  });

  it('reports bad values with their line and keeps the rest', () => {
    const { tests, diagnostics } = parseTestFile(
      dedent(`
        schemaVersion: 2.0.0
        commandTests:
          - name: no command
          - name: ok
            command: 'true'
            expectedOutput: ['(unclosed']
        sizeTest:
          maxSize: huge
        colour: blue
      `),
      'f.yaml',
    );
    expect(tests.commandTests).toEqual([]);
    expect(diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['warning', 9, 'f.yaml: unknown key `colour`'],
      ['error', 3, 'f.yaml: commandTests[0] needs a command'],
      ['error', 6, expect.stringContaining('expectedOutput: Invalid regular expression')],
      ['error', 8, expect.stringContaining('`huge` is not a size')],
    ]);
  });

  it('turns every test with an error into a broken test, never a runnable one, and file errors too', () => {
    const { tests } = parseTestFile(
      dedent(`
        schemaVersion: 9.0.0
        commandTests:
          - name: no command
          - name: bad regex
            command: 'true'
            expectedOutput: ['([a-']
          - name: bad exit
            command: 'true'
            exitCode: zero
          - name: fine
            command: 'true'
        fileExistenceTests: notalist
        healthTest:
          deadline: soon
        portTests:
          - port: 8000
            expectedStatus: ok
      `),
      'f.yaml',
    );
    expect(tests.commandTests.map((t) => t.name)).toEqual(['fine']);
    expect(tests.healthTest).toBeUndefined();
    expect(tests.portTests).toEqual([]);
    expect(tests.broken.map((b) => [b.kind, b.name, b.line])).toEqual([
      ['command', 'no command', 3],
      ['command', 'bad regex', 4],
      ['command', 'bad exit', 7],
      ['health', 'health', 13],
      ['port', 'port 8000', 16],
      ['file', 'test file', 1],
      ['file', 'test file', 12],
    ]);
    expect(tests.broken[1]?.errors[0]).toMatch(/^expectedOutput: Invalid regular expression/);
    expect(tests.broken[2]?.errors).toEqual(['exitCode must be a whole number']);
  });

  it('is one clear error for text that is not YAML', () => {
    const { tests, diagnostics } = parseTestFile('commandTests: [\n', 'f.yaml');
    expect(tests.readable).toBe(false);
    expect(tests.broken.map((b) => b.kind)).toEqual(['file']);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.code).toBe('STRATA_VERIFY_FILE');
  });
});
