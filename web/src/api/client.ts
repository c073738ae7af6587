import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { currentLang } from '../i18n/index.tsx';

// Error messages (problem+json) come back in the language the user is reading.
const acceptLanguage: Middleware = {
  onRequest({ request }) {
    request.headers.set('Accept-Language', currentLang());
    return request;
  },
};

/** A same-origin client typed by a listener's generated `paths` (web/src/api/<plane>.d.ts). */
export function createApi<Paths extends object>(): Client<Paths> {
  const client = createClient<Paths>({ baseUrl: '' });
  client.use(acceptLanguage);
  return client;
}
