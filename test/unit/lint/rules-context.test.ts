import { describe, expect, it } from 'vitest';
import { dedent } from '../../helpers/testdir.js';
import { expectNoFindings, lintTree, ruleById } from './rules-context-helper.js';

describe('context-dockerignore', () => {
  it('says a .dockerignore beside the Dockerfile is not read when the context is elsewhere', async () => {
    const found = await lintTree(
      {
        'build.sh': 'docker build -t acme/api:1 -f services/api/Dockerfile .\n',
        'services/api/Dockerfile': 'FROM python:3.12-slim\nCOPY . /src\n',
        'services/api/.dockerignore': '.git\n',
        'README.md': 'x\n',
      },
      ruleById('context-dockerignore'),
    );
    expect(found.map((f) => f.file)).toEqual(['services/api/.dockerignore', 'services/api/Dockerfile']);
    expect(found[0]!.message).toContain('services/api/.dockerignore is read by no build');
    expect(found[0]!.fix).toBe('move it to .dockerignore, or rename it services/api/Dockerfile.dockerignore');
  });

  it('reports only entries a COPY reaches, and honours <Dockerfile>.dockerignore', async () => {
    await expectNoFindings(
      {
        Dockerfile: 'FROM python:3.12-slim\nCOPY app/ /app/\n',
        'Dockerfile.dockerignore': '**/__pycache__\n',
        'app/main.py': 'x\n',
        'app/__pycache__/main.pyc': 'x\n',
        'node_modules/x/index.js': 'x\n',
        'debug.log': 'x\n',
      },
      ruleById('context-dockerignore'),
    );
  });

  it('lists the unignored entries the whole-context COPY sends', async () => {
    const found = await lintTree(
      {
        Dockerfile: 'FROM node:20-slim\nCOPY . /app\n',
        '.dockerignore': '.git\n',
        'node_modules/x/index.js': 'x\n',
        'dist/app.js': 'x\n',
      },
      ruleById('context-dockerignore'),
    );
    expect(found).toHaveLength(1);
    expect(found[0]!.file).toBe('.dockerignore');
    expect(found[0]!.message).toContain('node_modules');
    expect(found[0]!.message).toContain('dist');
  });
});

describe('context-unused-large-files', () => {
  it('gives sizes, and counts a whole-context COPY as use', async () => {
    const weights = Buffer.alloc(2_500_000, 1);
    const unused = await lintTree(
      {
        Dockerfile: 'FROM python:3.12-slim\nCOPY app.py /app/\n',
        'app.py': 'x\n',
        'models/vit.safetensors': weights,
      },
      ruleById('context-unused-large-files'),
    );
    expect(unused).toHaveLength(1);
    expect(unused[0]!.message).toContain('models/vit.safetensors (2.5 MB)');
    const used = await lintTree(
      { Dockerfile: 'FROM python:3.12-slim\nCOPY . /app/\n', 'models/vit.safetensors': weights },
      ruleById('context-unused-large-files'),
    );
    expect(used).toEqual([]);
  });
});

describe('context-secret-copied', () => {
  it('reports keys under a copied folder, not templates or folders no COPY reaches', async () => {
    const found = await lintTree(
      {
        Dockerfile: dedent(`
          FROM python:3.12-slim
          COPY config/ /etc/app/
          COPY app.py /app/
        `),
        'config/app.yaml': 'x: 1\n',
        'config/tls/server.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n',
        'config/.env.example': 'A=\n',
        'deploy/id_rsa': 'secret\n',
        'app.py': 'x\n',
      },
      ruleById('context-secret-copied'),
    );
    expect(found.map((f) => `${f.file}:${f.line}`)).toEqual(['Dockerfile:2']);
    expect(found[0]!.message).toContain('config/tls/server.key');
  });

  it('a .pem or .key file without a private key (a CA certificate, an application file) is not a secret', async () => {
    const found = await lintTree(
      {
        Dockerfile:
          'FROM python:3.12-slim\nCOPY certs/ /usr/local/share/ca-certificates/\nCOPY prefs/ /opt/prefs/\n',
        'certs/corp-ca.pem': '-----BEGIN CERTIFICATE-----\nMIID\n-----END CERTIFICATE-----\n',
        'prefs/folderShortcuts.key': '<shortcuts/>\n',
      },
      ruleById('context-secret-copied'),
    );
    expect(found).toEqual([]);
  });
});
