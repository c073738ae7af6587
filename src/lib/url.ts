/** https://host:port/ of a listener address, with wildcard addresses shown as localhost. */
export function listenerUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `https://${h}:${port}`;
}
