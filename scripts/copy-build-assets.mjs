#!/usr/bin/env node
// Copies the non-TypeScript files the compiled code reads at run time into dist/.
import { cpSync } from 'node:fs';

const root = new URL('..', import.meta.url);
cpSync(new URL('src/api/openapi/generated/', root), new URL('dist/api/openapi/generated/', root), { recursive: true });
