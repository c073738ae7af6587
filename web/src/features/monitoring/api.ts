import type { paths as Mgmt } from '../../api/mgmt.d.ts';
import { mgmtApi } from '../../api/mgmt-api.ts';
import type { paths as Portal } from '../../api/portal.d.ts';
import { portalApi } from '../../api/portal-api.ts';
import type { ApiResult } from '../../lib/action.ts';
import type { ShownState } from './i18n.ts';

type Json<R> = R extends { content: { 'application/json': infer J } } ? J : never;

/** The same schemas on both listeners (src/modules/monitoring/schema.ts); staff also see the tenant. */
export type Monitor = Json<Mgmt['/api/v1/monitors']['get']['responses'][200]>[number];
export type MonitorDetail = Json<Portal['/api/v1/monitors/{id}']['get']['responses'][200]>;
export type MonitorEvent = MonitorDetail['events'][number];
export type Rounds = Json<Portal['/api/v1/monitors/{id}/rounds']['get']['responses'][200]>;
export type Availability = Json<Portal['/api/v1/monitors/{id}/availability']['get']['responses'][200]>;
export type SettingsBody = NonNullable<
  Mgmt['/api/v1/monitors/{id}']['patch']['requestBody']
>['content']['application/json'];
export type PauseBody = NonNullable<
  Portal['/api/v1/monitors/{id}/pause']['post']['requestBody']
>['content']['application/json'];

/** What the screens need, per listener. */
export interface MonitorApi {
  staff: boolean;
  list(state: ShownState | null, signal: AbortSignal): Promise<ApiResult<Monitor[]>>;
  get(id: string, signal: AbortSignal): Promise<ApiResult<MonitorDetail>>;
  rounds(id: string, from: string, to: string, signal: AbortSignal): Promise<ApiResult<Rounds>>;
  availability(id: string, month: string, signal: AbortSignal): Promise<ApiResult<Availability>>;
  pause(id: string, body: PauseBody): Promise<ApiResult<Monitor>>;
  resume(id: string): Promise<ApiResult<Monitor>>;
  /** staff only: how the monitor probes */
  settings?: (id: string, body: SettingsBody) => Promise<ApiResult<Monitor>>;
}

const path = { params: (id: string) => ({ path: { id } }) };

export const portalMonitorApi: MonitorApi = {
  staff: false,
  list: (state, signal) =>
    portalApi.GET('/api/v1/monitors', { params: { query: state ? { state } : {} }, signal }),
  get: (id, signal) => portalApi.GET('/api/v1/monitors/{id}', { params: path.params(id), signal }),
  rounds: (id, from, to, signal) =>
    portalApi.GET('/api/v1/monitors/{id}/rounds', { params: { path: { id }, query: { from, to } }, signal }),
  availability: (id, month, signal) =>
    portalApi.GET('/api/v1/monitors/{id}/availability', {
      params: { path: { id }, query: { month } },
      signal,
    }),
  pause: (id, body) => portalApi.POST('/api/v1/monitors/{id}/pause', { params: path.params(id), body }),
  resume: (id) => portalApi.POST('/api/v1/monitors/{id}/resume', { params: path.params(id) }),
};

export const mgmtMonitorApi: MonitorApi = {
  staff: true,
  list: (state, signal) =>
    mgmtApi.GET('/api/v1/monitors', { params: { query: state ? { state } : {} }, signal }),
  get: (id, signal) => mgmtApi.GET('/api/v1/monitors/{id}', { params: path.params(id), signal }),
  rounds: (id, from, to, signal) =>
    mgmtApi.GET('/api/v1/monitors/{id}/rounds', { params: { path: { id }, query: { from, to } }, signal }),
  availability: (id, month, signal) =>
    mgmtApi.GET('/api/v1/monitors/{id}/availability', { params: { path: { id }, query: { month } }, signal }),
  pause: (id, body) => mgmtApi.POST('/api/v1/monitors/{id}/pause', { params: path.params(id), body }),
  resume: (id) => mgmtApi.POST('/api/v1/monitors/{id}/resume', { params: path.params(id) }),
  settings: (id, body) => mgmtApi.PATCH('/api/v1/monitors/{id}', { params: path.params(id), body }),
};
