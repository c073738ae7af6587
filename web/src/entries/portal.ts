import { portalApi } from '../api/portal-api.ts';
import { mount } from '../app/mount.tsx';
import { portalRoutes } from '../app/portal-routes.tsx';

mount({
  plane: 'portal',
  routes: portalRoutes,
  async serviceInfo(signal) {
    const { data, response } = await portalApi.GET('/api/v1/service-info', { signal });
    if (!data) throw new Error(`service-info: HTTP ${response.status}`);
    return data;
  },
});
