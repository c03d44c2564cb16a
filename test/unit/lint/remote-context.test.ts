import { describe, expect, it } from 'vitest';
import { lintRepository } from '../../../src/lint/repository.js';
import { testdir } from '../../helpers/testdir.js';

describe('remote build contexts', () => {
  it.each([
    'github.com/acme/api#main',
    'https://example.invalid/acme/api.git',
    'git@example.invalid:acme/api.git',
  ])('lints no local folder for a context given as %s', async (context) => {
    const root = await testdir({
      'docker-compose.yml': `services:\n  api:\n    image: acme/api:1\n    build: ${context}\n  web:\n    build: ./web\n`,
      'web/Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n',
      'web/.dockerignore': '.git\n',
    });
    const result = await lintRepository(root);
    const contextFindings = result.diagnostics.filter((d) => d.code.startsWith('context-'));
    expect(
      contextFindings.map((d) => d.file ?? '').filter((f) => f.includes('github.com') || f.includes('acme')),
    ).toEqual([]);
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
});
