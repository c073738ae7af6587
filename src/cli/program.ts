import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { formatInstant, setTimezone } from '../lib/time.ts';
import type { Role } from './runtime.ts';
import { evidenceCommands } from '../modules/evidence/cli.ts';
import { erasureCommands } from '../modules/lifecycle/cli.ts';

// Commands load the platform lazily, so `--help` and argument errors answer at once.
const runtime = () => import('./runtime.ts');

function config(overrides: Parameters<typeof loadConfig>[1] = {}): Config {
  const c = loadConfig(process.env, overrides);
  setTimezone(c.timezone);
  return c;
}

function parseRole(v: string): Role {
  if (v !== 'web' && v !== 'worker' && v !== 'all')
    throw new InvalidArgumentError('expected web, worker or all');
  return v;
}

async function serve(c: Config, role: Role, demo: boolean): Promise<void> {
  const { startPlatform } = await runtime();
  const platform = await startPlatform(c, { role, demo });
  if (platform.portal) {
    console.log(
      `PVA ${demo ? 'demo ' : ''}is running (times in ${c.timezone}, now ${formatInstant(new Date())}).`,
    );
    console.log(`  Customer portal:     ${platform.urls.portal}`);
    console.log(`  Management console:  ${platform.urls.mgmt}`);
    console.log(`  API documentation:   ${platform.urls.portal}api/docs  and  ${platform.urls.mgmt}api/docs`);
  } else {
    console.log('PVA worker is running.');
  }
  if (platform.demo) {
    const file = join(c.dataDir, 'demo-credentials.json');
    mkdirSync(c.dataDir, { recursive: true });
    writeFileSync(
      file,
      JSON.stringify(
        { portal: platform.urls.portal, mgmt: platform.urls.mgmt, accounts: platform.demo.credentials },
        null,
        2,
      ) + '\n',
      { mode: 0o600 },
    );
    console.log('Demo data: ' + platform.demo.tenants.map((t) => `${t.name} (${t.code})`).join(', '));
    const sato = platform.demo.credentials.find((x) => x.login.startsWith('sato@'));
    console.log(`How to log in: every demo account (passwords, TOTP secrets) is in ${file}`);
    if (sato) {
      console.log(
        `  e.g. portal: ${sato.login} / ${sato.password}, then the code of: npm run pva -- totp ${sato.totpSecret}`,
      );
      console.log('  (or add the TOTP secret to an authenticator app)');
    }
    console.log('The certificate is self-signed: accept it in the browser, or use curl -k.');
    console.log('Demo emails are written as .eml files to ' + `${c.dataDir}/demo-mail`);
  }
  const shutdown = (sig: string) => {
    console.log(`${sig}: stopping`);
    platform.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

export function buildCli(): Command {
  const program = new Command();
  program
    .name('pva')
    .description('PVA: control plane and customer portal for a private network access service')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('start a production instance: both HTTPS listeners and the job workers (no demo data)')
    .option('--role <role>', 'web (listeners only), worker (jobs only) or all', parseRole, 'all')
    .action(async (opts: { role: Role }) => serve(config(), opts.role, false));

  program
    .command('demo')
    .description(
      'start the whole platform on a fresh embedded database with demo data, listeners on 127.0.0.1',
    )
    .action(async () => {
      const c = config();
      c.portal.host = '127.0.0.1';
      c.mgmt.host = '127.0.0.1';
      // passkeys need a host name, not an IP address, as their relying party
      if (c.portal.port) c.portalUrl ??= `https://localhost:${c.portal.port}`;
      if (c.mgmt.port) c.mgmtUrl ??= `https://localhost:${c.mgmt.port}`;
      await serve(c, 'all', true);
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const { openChecked, migrate } = await runtime();
      const database = await openChecked(config());
      try {
        const r = await migrate(database);
        console.log(r.applied.length ? `applied: ${r.applied.join(', ')}` : 'migrations are current');
      } finally {
        await database.close();
      }
    });

  program
    .command('totp')
    .description('print the current TOTP code for a base32 secret (for the demo accounts)')
    .argument('<secret>', 'base32 TOTP secret')
    .action(async (secret: string) => {
      const { base32Decode, totpAt } = await import('../modules/identity/totp.ts');
      if (!/^[A-Z2-7]+=*$/i.test(secret) || base32Decode(secret).length < 10) {
        console.error('pva: not a base32 TOTP secret');
        process.exitCode = 2;
        return;
      }
      console.log(totpAt(secret, Date.now()));
    });

  const audit = program.command('audit').description('audit trail tools');
  audit
    .command('verify')
    .description(
      'verify the hash chain of the audit trail; exit 1 naming the first altered, removed or reordered record',
    )
    .action(async () => {
      const { openChecked, migrate, inTransaction, systemScope, verifyChain, recordVerification } =
        await runtime();
      const database = await openChecked(config());
      try {
        await migrate(database);
        const r = await inTransaction(database, systemScope(), async () => {
          const res = await verifyChain();
          await recordVerification({
            ok: res.ok,
            records: res.records,
            first_bad_seq: res.firstBadSeq,
            problem: res.problem,
          });
          return res;
        });
        // then the signed checkpoints: signatures, and each one's hash and Merkle root against the chain
        const { verifyCheckpoints, configuredKeyId } = await import('../modules/audit/checkpoint.ts');
        const cp = r.ok
          ? await inTransaction(database, systemScope(), () => verifyCheckpoints(configuredKeyId(config())))
          : null;
        if (r.ok && cp?.ok) {
          console.log(
            `audit chain intact: ${r.records} records verified; ${cp.checkpoints} signed checkpoints verified`,
          );
        } else if (!r.ok) {
          console.error(`audit chain BROKEN at record ${r.firstBadSeq}: ${r.problem}`);
          process.exitCode = 1;
        } else {
          console.error(`audit checkpoint BROKEN: ${cp?.problem}`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });
  erasureCommands(program, () => config());
  evidenceCommands(program);
  return program;
}

export async function run(argv: string[]): Promise<number> {
  const program = buildCli();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; bad arguments with a message already printed
      return e.exitCode === 0 ? 0 : 2;
    }
    if (e instanceof ConfigError) {
      console.error(`pva: ${e.message}`);
      return 2;
    }
    console.error(`pva: ${(e as Error).message}`);
    return 1;
  }
}
