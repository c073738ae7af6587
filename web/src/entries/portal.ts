import type { paths } from '../api/portal.d.ts';
import { createApi } from '../api/client.ts';
import { mount } from '../app/mount.tsx';

const api = createApi<paths>();

mount({
  plane: 'portal',
  async serviceInfo(signal) {
    const { data, response } = await api.GET('/api/v1/service-info', { signal });
    if (!data) throw new Error(`service-info: HTTP ${response.status}`);
    return data;
  },
});
