import type { Command } from 'commander';

/**
 * `pva evidence verify BUNDLE`: offline, with nothing but the bundle (no database, no
 * configuration). The verifier loads on use, so `--help` answers at once.
 */
export function evidenceCommands(program: Command): void {
  const evidence = program.command('evidence').description('evidence bundle tools');
  evidence
    .command('verify')
    .description(
      'verify an evidence bundle offline: manifest signature, every file and record, and the audit proofs against signed checkpoints; exit 1 naming what fails',
    )
    .argument('<bundle>', 'the bundle (.tar) as downloaded from the portal')
    .option(
      '--public-key <key>',
      'pin the signing key: the base64 SPKI published on the service information page, or a PEM file',
    )
    .action(async (file: string, opts: { publicKey?: string }) => {
      const { readFileSync, existsSync } = await import('node:fs');
      const { createPublicKey } = await import('node:crypto');
      const { verifyBundle } = await import('./verify-bundle.ts');
      let pinned: string | undefined;
      if (opts.publicKey !== undefined) {
        const text = existsSync(opts.publicKey) ? readFileSync(opts.publicKey, 'utf8') : opts.publicKey;
        pinned = text.includes('-----BEGIN')
          ? createPublicKey(text).export({ type: 'spki', format: 'der' }).toString('base64')
          : text.trim();
      }
      const r = verifyBundle(readFileSync(file), pinned === undefined ? {} : { publicKey: pinned });
      if (r.ok) {
        console.log(`evidence bundle ${r.number} verifies`);
        console.log(
          `  signed by key ${r.keyId}${pinned ? ' (the pinned key)' : ': compare it with the key id on the service information page'}`,
        );
        for (const [path, n] of Object.entries(r.counts))
          console.log(`  ${path}: ${n} records, all present and unaltered`);
        if (r.checkpoints)
          console.log(`  audit records proven against ${r.checkpoints} signed checkpoint(s)`);
        return;
      }
      console.error(
        `evidence bundle ${r.number ?? file} FAILS verification${r.keyId ? ` (key ${r.keyId})` : ''}:`,
      );
      for (const p of r.problems) console.error(`  ${p}`);
      process.exitCode = 1;
    });
}
