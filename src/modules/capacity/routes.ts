import { Type } from '@sinclair/typebox';
import { notFound } from '../../app/errors.ts';
import type { App } from '../../app/types.ts';
import { listAlerts } from './alert-repository.ts';
import { setConsoleBase } from './alerts.ts';
import { addMonths } from './forecast.ts';
import { alertOut, deviceOut, popOut, portDetailOut, portOut, SERIES_MONTHS } from './out.ts';
import { listPlans } from './plan-repository.ts';
import { planRoutes } from './plan-routes.ts';
import { monthSeries } from './repository.ts';
import {
  AlertOut,
  AlertsQuery,
  DeviceOut,
  DevicesQuery,
  PopOut,
  PortDetailOut,
  PortOut,
  PortParams,
  PortsQuery,
} from './schema.ts';
import { clockAt, overview, portViews, sortPorts } from './view.ts';

const tags = ['capacity'];

/**
 * Capacity view, forecast, augmentation plans and threshold alerts (CLD.13.1.4, 12.1.3),
 * management listener only. Provider data: aggregates of contracted bandwidth, no customer detail.
 */
export function capacityRoutes(app: App): void {
  // the alert emails link to the console this listener serves
  setConsoleBase(() => app.pva.publicUrl);

  app.get(
    '/api/v1/capacity/ports',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listCapacityPorts',
        tags,
        summary:
          'Every port with capacity, contracted sum (planned + active connections), oversubscription ratio against its class limit, measured 95th percentile and peak of the latest month, headroom, threshold state and the forecast crossing date',
        querystring: PortsQuery,
        response: { 200: Type.Array(PortOut) },
      },
    },
    async (req) => {
      const q = req.query;
      let ports = await portViews({ popId: q.pop, deviceId: q.device });
      if (q.state) ports = ports.filter((p) => p.state === q.state);
      return sortPorts(ports, q.sort).map(portOut);
    },
  );

  app.get(
    '/api/v1/capacity/ports/:portId',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'getCapacityPort',
        tags,
        summary:
          'One port: the capacity view, its monthly 95th percentiles and peaks (24 months) with the fitted trend line and forecast, its augmentation plans and alerts',
        params: PortParams,
        response: { 200: PortDetailOut },
      },
    },
    async (req) => {
      const clock = clockAt();
      const [view] = await portViews({ portId: req.params.portId }, clock);
      if (!view) throw notFound();
      const series = await monthSeries(view.row.id, addMonths(clock.current, -SERIES_MONTHS));
      const plans = await listPlans({ portId: view.row.id });
      const alerts = await listAlerts({ portId: view.row.id, limit: 50 });
      return portDetailOut(view, series, plans, alerts, clock);
    },
  );

  app.get(
    '/api/v1/capacity/devices',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listCapacityDevices',
        tags,
        summary:
          "Per device: its ports' capacity, limit and contracted totals, the sum of their 95th percentiles, port states and the earliest forecast crossing",
        querystring: DevicesQuery,
        response: { 200: Type.Array(DeviceOut) },
      },
    },
    async (req) =>
      (await overview(clockAt(), req.query.pop)).devices.map((d) => deviceOut(d.device, d.totals)),
  );

  app.get(
    '/api/v1/capacity/pops',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listCapacityPops',
        tags,
        summary: "Per point of presence: its devices' ports' totals, states and earliest forecast crossing",
        response: { 200: Type.Array(PopOut) },
      },
    },
    async () => (await overview()).pops.map((p) => popOut(p.pop, p.devices, p.totals)),
  );

  app.get(
    '/api/v1/capacity/alerts',
    {
      config: { auth: 'network.read' },
      schema: {
        operationId: 'listCapacityAlerts',
        tags,
        summary: 'Threshold alerts, newest first: one per crossing; open until the port is back under',
        querystring: AlertsQuery,
        response: { 200: Type.Array(AlertOut) },
      },
    },
    async (req) =>
      (
        await listAlerts({ open: req.query.open, portId: req.query.portId, limit: req.query.limit ?? 200 })
      ).map(alertOut),
  );

  planRoutes(app);
}
