// Copies the static site into dist/ (stands in for a bundler).
import { cpSync, mkdirSync } from 'node:fs';
mkdirSync('dist', { recursive: true });
cpSync('src', 'dist', { recursive: true });
