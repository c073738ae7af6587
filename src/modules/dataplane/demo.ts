import type { Config } from '../../config.ts';
import { db } from '../../db/context.ts';
import type { ChangeLogEntry, ConfigChangeStatus, RiskLevel } from '../../db/schema-dataplane.ts';
import { formatInstant, zonedParts } from '../../lib/time.ts';
import { backupDevices, insertDrift, insertVersion, recordRun, type DeviceRef } from './backup-repository.ts';
import { configSha256, type Files } from './backups.ts';
import { insertChange, insertChangeEvent, nextChangeNumber } from './change-repository.ts';
import { setChangeDevices } from './change-device-repository.ts';
import { diffFiles, intendedSide } from './device-io.ts';
import { getDriver } from './drivers/index.ts';
import { secretKey, useDataplaneConfig } from './env.ts';
import { computeImpact } from './impact.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The version before the latest: the largest file without its last line (a connection added since). */
function older(files: Files): Files {
  const name = Object.keys(files).sort((a, b) => files[b]!.length - files[a]!.length)[0];
  if (!name) return files;
  const lines = files[name]!.replace(/\n$/, '').split('\n');
  return { ...files, [name]: `${lines.slice(0, -1).join('\n')}\n` };
}

/** A change somebody made by hand on the device, outside PVA. */
function handEdited(files: Files): Files {
  const names = Object.keys(files).sort();
  const name = names.find((n) => n.endsWith('.conf')) ?? names[0];
  if (!name) return files;
  return {
    ...files,
    [name]: `${files[name]}# hand change on the console, 2 days ago (not through PVA)\n# ip route add 198.51.100.0/24 via 192.0.2.254\n`,
  };
}

interface Seeded {
  device: DeviceRef;
  versions: { id: string; files: Files }[];
  intended: Files;
}

async function seedBackups(
  device: DeviceRef,
  key: Buffer,
  drift: boolean,
  now: number,
): Promise<Seeded | null> {
  let intended: Files;
  try {
    intended = (await intendedSide(device, key)).redacted;
  } catch {
    return null; // nothing renders for this device yet
  }
  const contents = [older(intended), intended, ...(drift ? [handEdited(intended)] : [])];
  const ages = drift ? [30, 9, 2] : [30, 9];
  const versions: Seeded['versions'] = [];
  for (const [i, files] of contents.entries()) {
    const at = new Date(now - ages[i]! * DAY - 17.5 * HOUR);
    const v = await insertVersion({
      deviceId: device.id,
      version: i + 1,
      sha256: configSha256(files),
      files,
      source: i === 1 ? 'pre_change' : 'scheduled',
      at,
    });
    versions.push({ id: v.id, files });
  }
  // the latest version was seen again by last night's run
  await db()
    .updateTable('ops.config_backup')
    .set({ last_seen_at: new Date(now - 21.5 * HOUR) })
    .where('id', '=', versions.at(-1)!.id)
    .execute();
  await recordRun(device.id, new Date(now - 21.5 * HOUR), null);
  return { device, versions, intended };
}

interface Plan {
  status: ConfigChangeStatus;
  title: string;
  risk: RiskLevel | null;
  assessment: string;
  daysAgo: number;
  note?: string;
}

/**
 * Demo data-plane data (runs inside the demo's system transaction): backup versions for the demo
 * PEs, one PE drifted by a hand change, and change records in several states. Needs the PEs of
 * the network demo and an installed driver; devices that render nothing are skipped.
 */
export async function seedDataplaneDemo(opts: {
  staffIds: Record<string, string>;
  config?: Pick<Config, 'masterKeyFile'>;
}): Promise<void> {
  if (opts.config) useDataplaneConfig(opts.config);
  const key = secretKey();
  const now = Date.now();
  const pes = (await backupDevices()).filter((d) => d.role === 'pe' && getDriver(d.driver));
  const seeded: Seeded[] = [];
  for (const [i, d] of pes.entries()) {
    const s = await seedBackups(d, key, i === 0, now);
    if (s) seeded.push(s);
  }
  if (!seeded.length) return;
  const tanaka = opts.staffIds['tanaka@pva.example'] ?? null;
  const suzuki = opts.staffIds['suzuki@pva.example'] ?? null;
  const admin = opts.staffIds['admin@pva.example'] ?? null;
  const first = seeded[0]!;
  const second = seeded[1] ?? first;

  // the drift of the first PE: intended → what the device runs now
  const driftId = await insertDrift({
    deviceId: first.device.id,
    backupId: first.versions.at(-1)!.id,
    intendedSha256: configSha256(first.intended),
    diff: diffFiles(first.device, first.intended, first.versions.at(-1)!.files).text,
    at: new Date(now - 21.5 * HOUR),
  });

  const plans: [Plan, Seeded, Files, Files][] = [
    [
      {
        status: 'succeeded',
        title: 'IPsec 接続の追加（名古屋工場）/ Add the Nagoya factory IPsec connection',
        risk: 'low',
        assessment:
          '新しい接続の追加のみで、既存の接続の設定は変わらない。適用失敗時は変更前の設定に自動で戻す。\nAdds one connection; existing connections keep their settings. A failed apply rolls back automatically.',
        daysAgo: 9,
      },
      first,
      first.versions[0]!.files,
      first.versions[1]!.files,
    ],
    [
      {
        status: 'rolled_back',
        title: '帯域制御の一括更新 / Shaping update for all connections',
        risk: 'medium',
        assessment:
          '全接続の帯域制御を再設定するため、適用中に数秒の通信断がありうる。\nRe-applies shaping on every connection: a few seconds of disruption are possible.',
        daysAgo: 20,
      },
      second,
      second.versions[0]!.files,
      second.versions[1]!.files,
    ],
    [
      {
        status: 'submitted',
        title: `${first.device.hostname} の設定ドリフトを解消 / Resolve the drift on ${first.device.hostname}`,
        risk: 'low',
        assessment:
          '手作業で追加された経路を削除し、意図した設定に戻す。該当経路を使う通信はない。\nRemoves the route added by hand and returns to the intended configuration; no traffic uses that route.',
        daysAgo: 1,
      },
      first,
      first.versions.at(-1)!.files,
      first.intended,
    ],
    [
      {
        status: 'rejected',
        title: '前の版への切り戻し / Roll back to the previous version',
        risk: 'high',
        assessment:
          '最後に追加した接続が削除され、そのお客様の通信が止まる。\nThe connection added last is removed: that customer loses connectivity.',
        daysAgo: 5,
        note: 'お客様の通信が止まるため却下。事前にお客様へ通知し、メンテナンス枠で再申請してください。',
      },
      second,
      second.versions[1]!.files,
      second.versions[0]!.files,
    ],
    [
      {
        status: 'draft',
        title: '監視用アクセスリストの整理 / Tidy the monitoring access list',
        risk: null,
        assessment: '',
        daysAgo: 0,
      },
      second,
      second.versions[1]!.files,
      second.versions[1]!.files,
    ],
  ];

  for (const [p, s, from, to] of plans) {
    const created = new Date(now - p.daysAgo * DAY - 6 * HOUR);
    const submitted = new Date(created.getTime() + HOUR);
    const decided = new Date(created.getTime() + 3 * HOUR);
    const started = new Date(created.getTime() + 26 * HOUR);
    const finished = new Date(started.getTime() + 40_000);
    const preparer = p.status === 'draft' ? admin : tanaka;
    const diff = diffFiles(s.device, from, to);
    const decidedStep = !['draft', 'submitted'].includes(p.status);
    const executed = ['succeeded', 'rolled_back'].includes(p.status);
    const log: ChangeLogEntry[] = executed ? demoLog(s.device.hostname, p.status, started) : [];
    const id = await insertChange({
      number: await nextChangeNumber(zonedParts(created).y),
      kind: 'apply',
      title: p.title,
      status: p.status,
      riskLevel: p.risk,
      riskAssessment: p.assessment,
      impact: await computeImpact({ devices: [{ id: s.device.id, diff: diff.text }] }),
      preparedBy: preparer,
      driftId: p.status === 'submitted' ? driftId : null,
      history: {
        createdAt: created,
        updatedAt: executed ? finished : decidedStep ? decided : created,
        ...(p.status !== 'draft' ? { submittedAt: submitted } : {}),
        ...(decidedStep && suzuki
          ? {
              decidedAt: decided,
              ...(p.status === 'rejected' ? { rejectedBy: suzuki } : { approvedBy: suzuki }),
            }
          : {}),
        ...(p.note ? { decisionNote: p.note } : {}),
        ...(executed && tanaka ? { executedBy: tanaka, startedAt: started, finishedAt: finished, log } : {}),
        ...(executed
          ? {
              result:
                p.status === 'succeeded'
                  ? 'applied to 1 device(s)'
                  : `apply failed on ${s.device.hostname}; rolled back`,
            }
          : {}),
      },
    });
    await setChangeDevices(id, [
      {
        deviceId: s.device.id,
        diff: diff.text,
        changed: diff.changed,
        targetSha256: configSha256(to),
        runningSha256: configSha256(from),
        error: null,
      },
    ]);
    if (executed)
      await db()
        .updateTable('ops.config_change_device')
        .set({
          outcome: p.status === 'succeeded' ? 'applied' : 'rolled_back',
          pre_backup_id: s.versions[0]!.id,
        })
        .where('change_id', '=', id)
        .execute();
    const ev = (
      from: ConfigChangeStatus | null,
      to: ConfigChangeStatus,
      at: Date,
      actor: string | null,
      note?: string,
    ) =>
      insertChangeEvent({
        changeId: id,
        actorKind: 'staff',
        actorId: actor,
        from,
        to,
        note: note ?? null,
        at,
      });
    await ev(null, 'draft', created, preparer);
    if (p.status === 'draft') continue;
    await ev('draft', 'submitted', submitted, preparer);
    if (!decidedStep) continue;
    await ev('submitted', p.status === 'rejected' ? 'rejected' : 'approved', decided, suzuki, p.note);
    if (!executed) continue;
    await ev('approved', 'executing', started, tanaka);
    await ev('executing', p.status, finished, tanaka);
  }
}

function demoLog(hostname: string, status: ConfigChangeStatus, at: Date): ChangeLogEntry[] {
  const t = (s: number) => formatInstant(new Date(at.getTime() + s * 1000));
  const e = (s: number, level: 'info' | 'error', message: string): ChangeLogEntry => ({
    at: t(s),
    device: hostname,
    level,
    message,
  });
  if (status === 'succeeded')
    return [
      e(1, 'info', 'snapshot of the running configuration taken'),
      e(4, 'info', 'swanctl --load-all: 1 connection loaded'),
      e(5, 'info', 'applied'),
    ];
  return [
    e(1, 'info', 'snapshot of the running configuration taken'),
    e(9, 'error', 'tc: RTNETLINK answers: Invalid argument'),
    e(9, 'error', 'apply failed'),
    {
      at: t(10),
      device: null,
      level: 'error',
      message: 'rolling back to the snapshots taken before this change',
    },
    e(14, 'info', 'rolled back'),
  ];
}
