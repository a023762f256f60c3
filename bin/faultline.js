#!/usr/bin/env node
// The faultline CLI. Sources are TypeScript run through tsx, so a fresh clone needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../runner/cli.ts');
process.exitCode = await main(process.argv.slice(2));
