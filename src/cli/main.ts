import { run } from './program.ts';

// The `pva` command (bin/pva.js imports this module).
const code = await run(process.argv.slice(2));
if (code !== 0) process.exit(code);
