#!/usr/bin/env node
// Runs the compiled tug command from dist/ (build it with `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cmd/tug.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('tug: error: dist/ is missing; run `npm run build` in the tugboat checkout first\n');
  process.exit(1);
}
await import(entry.href);
