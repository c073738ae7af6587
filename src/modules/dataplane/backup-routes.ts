import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../app/errors.ts';
import { requestScope } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { inTransaction } from '../../db/context.ts';
import { recordAudit } from '../audit/service.ts';
import {
  backupDevices,
  backupStates,
  findDevices,
  getDrift,
  getVersion,
  listDrifts,
  listVersions,
} from './backup-repository.ts';
import {
  BackupDeviceOut,
  DeviceParams,
  DiffOut,
  DiffQuery,
  DriftOut,
  DriftQuery,
  driftOut,
  deviceOut,
  IdParams,
  RestoreBody,
  RunOut,
  VersionDetail,
  VersionOut,
  versionOut,
  VersionsQuery,
} from './backup-schema.ts';
import { runBackup } from './backup-service.ts';
import { auditChange, detailOf } from './change-routes.ts';
import { ChangeDetail, EmptyBody } from './change-schema.ts';
import { prepareChange } from './change-service.ts';
import { diffFiles } from './device-io.ts';
import { getDriver } from './drivers/index.ts';
import { getChange } from './change-repository.ts';
import { useDataplaneConfig } from './env.ts';

const TAGS = ['config-backups'];

/**
 * Equipment configuration backups (12.3.1), management only: devices with their last backup and
 * drift, versions, diffs between versions, back up now, and the two ways back to a good state
 * (turn a drift into a change record; restore a version), both through change management.
 */
export function backupRoutes(app: App): void {
  useDataplaneConfig(app.pva.config);

  app.get(
    '/api/v1/config-backups/devices',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listBackupDevices',
        tags: TAGS,
        summary: 'Devices with their latest backup version, last run (JST), open drift and pending change',
        response: { 200: Type.Array(BackupDeviceOut) },
      },
    },
    async () => {
      const devices = await backupDevices();
      const states = await backupStates(devices.map((d) => d.id));
      return devices.map((d) => deviceOut(d, states.get(d.id), getDriver(d.driver) !== undefined));
    },
  );

  app.get(
    '/api/v1/config-backups/devices/:deviceId/versions',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listBackupVersions',
        tags: TAGS,
        summary: 'The stored versions of a device’s running configuration, newest first',
        params: DeviceParams,
        querystring: VersionsQuery,
        response: { 200: Type.Array(VersionOut) },
      },
    },
    async (req) => {
      if (!(await findDevices([req.params.deviceId])).length) throw notFound();
      return (await listVersions(req.params.deviceId, req.query.limit ?? 100)).map(versionOut);
    },
  );

  app.post(
    '/api/v1/config-backups/devices/:deviceId/run',
    {
      // the device is read outside any transaction (backup-service.ts)
      config: { auth: 'network.manage', action: 'config_backup.manual', tx: false },
      schema: {
        operationId: 'runBackup',
        tags: TAGS,
        summary: 'Back up a device now: store its running configuration if it changed, and check for drift',
        params: DeviceParams,
        body: EmptyBody,
        response: { 200: RunOut },
      },
    },
    async (req) => {
      const scope = requestScope(req);
      const outcome = await runBackup(app.pva.database, req.params.deviceId, { source: 'manual', scope });
      await inTransaction(app.pva.database, scope, () =>
        recordAudit({
          action: 'config_backup.manual',
          outcome: outcome.ok ? 'success' : 'failure',
          targetType: 'device',
          targetId: outcome.deviceId,
          summary: { hostname: outcome.hostname, version: outcome.version, drift: outcome.drift },
        }),
      );
      return { owner: 'provider' as const, ...outcome };
    },
  );

  app.get(
    '/api/v1/config-backups/versions/:id',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getBackupVersion',
        tags: TAGS,
        summary: 'One stored version with its files (secrets redacted)',
        params: IdParams,
        response: { 200: VersionDetail },
      },
    },
    async (req) => {
      const v = await getVersion(req.params.id);
      if (!v) throw notFound();
      return { ...versionOut(v), files: v.files };
    },
  );

  app.get(
    '/api/v1/config-backups/diff',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'diffBackupVersions',
        tags: TAGS,
        summary: 'The unified diff between two versions of the same device',
        querystring: DiffQuery,
        response: { 200: DiffOut },
      },
    },
    async (req) => {
      const [from, to] = [await getVersion(req.query.from), await getVersion(req.query.to)];
      if (!from || !to) throw notFound();
      if (from.device_id !== to.device_id)
        throw new AppError('validation_failed', {
          fields: [
            {
              field: '/querystring/to',
              code: 'other_device',
              message:
                req.lang === 'ja'
                  ? '同じ機器の版を指定してください。'
                  : 'Choose two versions of the same device.',
            },
          ],
        });
      const device = (await findDevices([from.device_id]))[0]!;
      const d = diffFiles(device, from.files, to.files);
      return {
        owner: 'provider' as const,
        from: versionOut(from),
        to: versionOut(to),
        changed: d.changed,
        diff: d.text,
      };
    },
  );

  app.get(
    '/api/v1/config-backups/drifts',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listDrifts',
        tags: TAGS,
        summary: 'Drift between running and intended configuration: open ones, or all',
        querystring: DriftQuery,
        response: { 200: Type.Array(DriftOut) },
      },
    },
    async (req) =>
      (await listDrifts((req.query.state ?? 'open') === 'open', req.query.limit ?? 100)).map(driftOut),
  );

  app.get(
    '/api/v1/config-backups/drifts/:id',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getDrift',
        tags: TAGS,
        summary: 'One drift record with its diff (intended → running)',
        params: IdParams,
        response: { 200: DriftOut },
      },
    },
    async (req) => {
      const d = await getDrift(req.params.id);
      if (!d) throw notFound();
      return driftOut(d);
    },
  );

  app.post(
    '/api/v1/config-backups/drifts/:id/change',
    {
      config: { auth: 'network.manage', action: 'config_change.prepare' },
      schema: {
        operationId: 'changeFromDrift',
        tags: TAGS,
        summary: 'Prepare a change record that brings the drifted device back to its intended configuration',
        params: IdParams,
        body: EmptyBody,
        response: { 201: ChangeDetail },
      },
    },
    async (req, reply) => {
      const d = await getDrift(req.params.id);
      if (!d) throw notFound();
      if (d.resolved_at)
        throw new AppError('conflict', {
          detail: { ja: 'このドリフトは解消済みです。', en: 'This drift has been resolved already.' },
        });
      const id = await prepareChange(
        {
          title:
            req.lang === 'ja'
              ? `${d.hostname} の設定ドリフトを解消（意図した設定に戻す）`
              : `Resolve configuration drift on ${d.hostname} (back to the intended configuration)`,
          deviceIds: [d.device_id],
          driftId: d.id,
          strict: true,
        },
        { kind: 'staff', id: req.principal!.id },
        req.lang,
      );
      await auditChange(req, 'config_change.prepare', (await getChange(id))!, null);
      reply.code(201);
      return detailOf(id);
    },
  );

  app.post(
    '/api/v1/config-backups/versions/:id/restore',
    {
      config: { auth: 'network.manage', action: 'config_change.prepare' },
      schema: {
        operationId: 'restoreBackupVersion',
        tags: TAGS,
        summary: 'Prepare a change record that restores this version on its device (same approval rules)',
        description:
          'Secrets are filled back from the current intended configuration; a version holding a secret PVA no longer has answers 409 secret_unavailable.',
        params: IdParams,
        body: RestoreBody,
        response: { 201: ChangeDetail },
      },
    },
    async (req, reply) => {
      const v = await getVersion(req.params.id);
      if (!v) throw notFound();
      const device = (await findDevices([v.device_id]))[0]!;
      const id = await prepareChange(
        {
          title:
            req.body.title ??
            (req.lang === 'ja'
              ? `${device.hostname} を版 ${v.version} に復元`
              : `Restore ${device.hostname} to version ${v.version}`),
          deviceIds: [v.device_id],
          riskLevel: req.body.riskLevel,
          riskAssessment: req.body.riskAssessment,
          restoreBackupId: v.id,
          strict: true,
        },
        { kind: 'staff', id: req.principal!.id },
        req.lang,
      );
      await auditChange(req, 'config_change.prepare', (await getChange(id))!, null);
      reply.code(201);
      return detailOf(id);
    },
  );
}
