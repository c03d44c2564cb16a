// Writes the static site to dist/.
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
copyFileSync('index.html', 'dist/index.html');
cpSync('src', 'dist', { recursive: true });
console.log('built dist/');
