import { mgmtApi } from '../api/mgmt-api.ts';
import { mount } from '../app/mount.tsx';
import { mgmtRoutes } from '../app/mgmt-routes.tsx';

mount({
  plane: 'mgmt',
  routes: mgmtRoutes,
  async serviceInfo(signal) {
    const { data, response } = await mgmtApi.GET('/api/v1/service-info', { signal });
    if (!data) throw new Error(`service-info: HTTP ${response.status}`);
    return data;
  },
});
