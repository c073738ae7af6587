#!/usr/bin/env node
// Entry point: the CLI is TypeScript run by Node's own type stripping (no build step). The
// compile cache (in the system's temporary directory unless NODE_COMPILE_CACHE says otherwise)
// spares later starts compiling the same modules again.
import module from 'node:module';

module.enableCompileCache?.();
await import('../src/cli/main.ts');
