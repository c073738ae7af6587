import type { paths } from '../api/mgmt.d.ts';
import { createApi } from '../api/client.ts';
import { mount } from '../app/mount.tsx';

const api = createApi<paths>();

mount({
  plane: 'mgmt',
  async serviceInfo(signal) {
    const { data, response } = await api.GET('/api/v1/service-info', { signal });
    if (!data) throw new Error(`service-info: HTTP ${response.status}`);
    return data;
  },
});
