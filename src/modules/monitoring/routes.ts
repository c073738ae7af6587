import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { notFound } from '../../app/errors.ts';
import { auditRequest } from '../../app/plugins/tx.ts';
import type { App } from '../../app/types.ts';
import { zonedDate } from '../../lib/time.ts';
import {
  AvailabilityOut,
  availabilityOut,
  AvailabilityQuery,
  EventOut,
  eventOut,
  EventsQuery,
  IdParams,
  ListQuery,
  MgmtListQuery,
  MonitorDetail,
  MonitorOut,
  monitorOut,
  PauseBody,
  RoundsOut,
  roundOut,
  RoundsQuery,
  SettingsBody,
} from './schema.ts';
import { pauseMonitor, resumeMonitor, updateMonitorSettings } from './service.ts';
import {
  availabilityDays,
  findMonitorView,
  listEvents,
  listMonitorViews,
  roundHistory,
  type MonitorView,
} from './views.ts';

const TAGS = ['monitoring'];
const DAY = 86_400_000;

/**
 * Reachability monitoring (CLD.12.4.5). Portal: the tenant's monitors, their history and
 * availability, and pausing/resuming (operators and administrators). Console: every monitor across
 * tenants, the same pause/resume, and the probe settings.
 */
export function monitoringRoutes(app: App): void {
  const staff = app.pva.plane === 'mgmt';
  const read = staff ? 'network.read' : 'services.read';
  const control = staff ? 'network.manage' : 'monitoring.control';
  const scopeOf = (req: FastifyRequest) => (staff ? null : req.principal!.serviceScope);
  const view = async (req: FastifyRequest, id: string): Promise<MonitorView> => {
    const v = await findMonitorView(id, scopeOf(req), false);
    if (!v) throw notFound();
    return v;
  };
  const audit = (
    req: FastifyRequest,
    action: string,
    before: MonitorView,
    after: MonitorView,
    personal?: string | null,
  ) =>
    auditRequest(req, {
      action,
      tenantId: after.tenant_id,
      targetType: 'monitor',
      targetId: after.id,
      summary: {
        connection: after.connection_id,
        service: after.service_code,
        from: before.paused_at ? 'paused' : before.state,
        to: after.paused_at ? 'paused' : after.state,
        ...(after.resume_at ? { resumeAt: after.resume_at.toISOString() } : {}),
        ...(action === 'monitoring.settings'
          ? {
              probeKind: after.probe_kind,
              tcpPort: after.tcp_port,
              intervalS: { before: before.interval_s, after: after.interval_s },
            }
          : {}),
      },
      ...(personal ? { personal: { reason: personal } } : {}),
    });

  app.get(
    '/api/v1/monitors',
    {
      config: { auth: read, ...(staff ? { customerData: true } : {}) },
      schema: {
        operationId: 'listMonitors',
        tags: TAGS,
        summary: staff
          ? 'Every reachability monitor across tenants, with its state'
          : 'The reachability monitor of each of your connections, with its state (paused ones show as paused)',
        querystring: staff ? MgmtListQuery : ListQuery,
        response: { 200: Type.Array(MonitorOut) },
      },
    },
    async (req) => {
      const q = req.query as {
        state?: MonitorView['state'] | 'paused';
        tenantId?: string;
        limit?: number;
        offset?: number;
      };
      const rows = await listMonitorViews({
        scope: scopeOf(req),
        tenantId: q.tenantId,
        state: q.state,
        limit: q.limit ?? 200,
        offset: q.offset ?? 0,
      });
      return rows.map((r) => monitorOut(r, staff));
    },
  );

  app.get(
    '/api/v1/monitors/:id',
    {
      config: { auth: read, ...(staff ? { customerData: true } : {}) },
      schema: {
        operationId: 'getMonitor',
        tags: TAGS,
        summary: 'One monitor with its latest events (state changes, pauses and resumes)',
        params: IdParams,
        response: { 200: MonitorDetail },
      },
    },
    async (req) => {
      const v = await view(req, req.params.id);
      const events = await listEvents({ scope: scopeOf(req), monitorId: v.id, limit: 20 });
      return { ...monitorOut(v, staff), events: events.map(eventOut) };
    },
  );

  app.get(
    '/api/v1/monitors/:id/rounds',
    {
      config: { auth: read, ...(staff ? { customerData: true } : {}) },
      schema: {
        operationId: 'listMonitorRounds',
        tags: TAGS,
        summary:
          'Loss and RTT (min/median/max) of each round in a time range (at most 31 days, 10,000 rounds)',
        params: IdParams,
        querystring: RoundsQuery,
        response: { 200: RoundsOut },
      },
    },
    async (req) => {
      const v = await view(req, req.params.id);
      const to = req.query.to ? new Date(req.query.to) : new Date();
      let from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - DAY);
      if (to.getTime() - from.getTime() > 31 * DAY) from = new Date(to.getTime() - 31 * DAY);
      if (from > to) from = to;
      const rounds = await roundHistory(v.id, from, to, 10_000);
      return {
        owner: 'provider' as const,
        from: from.toISOString(),
        to: to.toISOString(),
        rounds: rounds.map(roundOut),
      };
    },
  );

  app.get(
    '/api/v1/monitors/:id/availability',
    {
      config: { auth: read, ...(staff ? { customerData: true } : {}) },
      schema: {
        operationId: 'getMonitorAvailability',
        tags: TAGS,
        summary: 'Availability per JST day and for the month, excluding paused time',
        params: IdParams,
        querystring: AvailabilityQuery,
        response: { 200: AvailabilityOut },
      },
    },
    async (req) => {
      const v = await view(req, req.params.id);
      const month = req.query.month ?? zonedDate(new Date()).slice(0, 7);
      return availabilityOut(month, await availabilityDays(v.id, month));
    },
  );

  if (!staff)
    app.get(
      '/api/v1/monitoring/events',
      {
        config: { auth: read },
        schema: {
          operationId: 'listMonitoringEvents',
          tags: TAGS,
          summary: 'Recent monitoring events of your connections, newest first',
          querystring: EventsQuery,
          response: { 200: Type.Array(EventOut) },
        },
      },
      async (req) => (await listEvents({ scope: scopeOf(req), limit: req.query.limit ?? 50 })).map(eventOut),
    );

  app.post(
    '/api/v1/monitors/:id/pause',
    {
      config: { auth: control, action: 'monitoring.pause' },
      schema: {
        operationId: 'pauseMonitor',
        tags: TAGS,
        summary:
          'Pause a monitor: it probes nothing and alerts nothing until resumed (optionally automatically at resumeAt)',
        params: IdParams,
        body: PauseBody,
        response: { 200: MonitorOut },
      },
    },
    async (req) => {
      const p = req.principal!;
      const { before, after } = await pauseMonitor(
        req.params.id,
        scopeOf(req),
        { kind: p.kind, id: p.id },
        { reason: req.body.reason ?? null, resumeAt: req.body.resumeAt ? new Date(req.body.resumeAt) : null },
        req.lang,
      );
      await audit(req, 'monitoring.pause', before, after, after.pause_reason);
      return monitorOut(after, staff);
    },
  );

  app.post(
    '/api/v1/monitors/:id/resume',
    {
      config: { auth: control, action: 'monitoring.resume' },
      schema: {
        operationId: 'resumeMonitor',
        tags: TAGS,
        summary: 'Resume a paused monitor: it starts afresh with the next round',
        params: IdParams,
        response: { 200: MonitorOut },
      },
    },
    async (req) => {
      const p = req.principal!;
      const { before, after } = await resumeMonitor(req.params.id, scopeOf(req), { kind: p.kind, id: p.id });
      await audit(req, 'monitoring.resume', before, after);
      return monitorOut(after, staff);
    },
  );

  if (staff)
    app.patch(
      '/api/v1/monitors/:id',
      {
        config: { auth: 'network.manage', action: 'monitoring.settings' },
        schema: {
          operationId: 'updateMonitor',
          tags: TAGS,
          summary:
            'Change how a monitor probes: ICMP or TCP connect (with a port), and its interval (10-300 s)',
          params: IdParams,
          body: SettingsBody,
          response: { 200: MonitorOut },
        },
      },
      async (req) => {
        const { before, after } = await updateMonitorSettings(req.params.id, req.body, req.lang);
        await audit(req, 'monitoring.settings', before, after);
        return monitorOut(after, true);
      },
    );
}
