#!/usr/bin/env node
// @ts-check
/**
 * `npm start`: builds first when the sources are newer than the build (ensure-build.mjs, which
 * says so), then runs the built CLI in this same process (one Node start-up, not two).
 * Arguments go to the CLI: `npm start -- --port 9090`.
 */
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
await import('../dist/simulator/cli.js');
