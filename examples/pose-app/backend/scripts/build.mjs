// Copies the sources to dist/ (the API is plain JavaScript; the build step stands where a bundler goes).
import { cpSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
cpSync('src', 'dist', { recursive: true });
console.log('built dist/');
