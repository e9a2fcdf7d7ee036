#!/usr/bin/env node
// Copies the non-TypeScript files the compiled code reads at run time into dist/.
import { cpSync } from 'node:fs';

const root = new URL('..', import.meta.url);
cpSync(new URL('src/api/openapi/generated/', root), new URL('dist/api/openapi/generated/', root), { recursive: true });
// The CRI protocol definitions, loaded by src/agent/runtime/cri/cri-client.ts beside itself.
cpSync(new URL('src/agent/runtime/cri/cri-api.proto', root), new URL('dist/agent/runtime/cri/cri-api.proto', root));
