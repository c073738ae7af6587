import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../../config.ts';

/**
 * `pva erasure …`: check an erasure certificate offline, and run (or resume) an erasure by hand.
 * Everything heavy is imported inside the actions, so `--help` answers at once.
 */
export function erasureCommands(program: Command, config: () => Config): void {
  const erasure = program.command('erasure').description('erasure of terminated customers (CLD.8.1.5)');
  erasure
    .command('verify')
    .description('check the Ed25519 signature of an erasure certificate offline; prints the signing key id')
    .argument('<certificate>', 'the certificate file (JSON) as downloaded or emailed')
    .option(
      '--public-key <key>',
      'pin the provider key: SPKI DER in base64, a PEM public key, or a file holding either',
    )
    .action(async (file: string, opts: { publicKey?: string }) => {
      const { normalisePublicKey, verifyCertificate } = await import('./certificate.ts');
      let pinned: string | undefined;
      if (opts.publicKey !== undefined) {
        const text = existsSync(opts.publicKey) ? readFileSync(opts.publicKey, 'utf8') : opts.publicKey;
        try {
          pinned = normalisePublicKey(text);
        } catch {
          console.error('pva: --public-key is not an Ed25519 public key (SPKI base64 or PEM)');
          process.exitCode = 2;
          return;
        }
      }
      const text = readFileSync(file, 'utf8')
        .replace(/^[\s\S]*-----BEGIN ERASURE CERTIFICATE-----\n/, '')
        .replace(/-----END ERASURE CERTIFICATE-----[\s\S]*$/, '');
      const r = verifyCertificate(text, pinned);
      if (r.ok) {
        const c = r.certificate!;
        console.log(`erasure certificate valid: signed by ${r.keyId}${pinned ? ' (pinned)' : ''}`);
        console.log(
          `  tenant ${c.tenant.code} ${c.tenant.name}; terminated ${c.terminationDate}; deadline end of ${c.deadlineDate}`,
        );
        console.log(`  completed ${c.completedAt}; data key ${c.destroyedKeyId} destroyed`);
      } else {
        console.error(`erasure certificate INVALID${r.keyId ? ` (key ${r.keyId})` : ''}: ${r.problem}`);
        process.exitCode = 1;
      }
    });
  erasure
    .command('run')
    .description('run or resume the erasure of a stopped termination now (what the scheduled job does)')
    .argument('<termination-id>', 'the termination id (console: Terminations)')
    .option('--batch <n>', 'rows per batch (default PVA_ERASURE_BATCH)')
    .action(async (id: string, opts: { batch?: string }) => {
      const { openChecked, migrate } = await import('../../cli/runtime.ts');
      const { eraseTenant } = await import('./erase.ts');
      const c = config();
      const database = await openChecked(c);
      try {
        await migrate(database);
        const r = await eraseTenant(database, c, id, {
          ...(opts.batch ? { batch: Math.max(1, Number(opts.batch)) } : {}),
          onProgress: (what) => console.log(`step ${what}`),
        });
        console.log(`certificate ${r.certificateId}${r.alreadyDone ? ' (already erased)' : ''}`);
      } finally {
        await database.close();
      }
    });
}
