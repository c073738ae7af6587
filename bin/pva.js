#!/usr/bin/env node
// Entry point: the CLI is TypeScript run by Node's own type stripping (no build step).
import '../src/cli/main.ts';
