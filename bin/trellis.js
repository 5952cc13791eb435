#!/usr/bin/env node
// Entry point: registers the TypeScript loader (assets and models are .ts), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
