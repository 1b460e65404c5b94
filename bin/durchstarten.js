#!/usr/bin/env node
// The `durchstarten` command: runs the CLI (src/cli/main.ts) under Node >= 24 through the launcher.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { run } from './launch.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
run([join(root, 'src', 'cli', 'main.ts'), ...process.argv.slice(2)]);
