import { useEffect, useRef } from 'react';

/**
 * Live updates: one EventSource on GET /api/v1/events per page, opened while something listens.
 * Events name only a kind and an id; a loaded view whose API path a kind touches loads again
 * through the normal API (which checks every permission again). After a reconnect, or when the
 * server says events may have been missed (`resync`), every view loads again.
 */
type Kind = 'service' | 'connection' | 'monitor' | 'notice' | 'report';

/** The API paths (prefixes) whose answers a change of each kind can alter. */
const AFFECTS: Record<Kind, readonly string[]> = {
  service: ['/api/v1/services', '/api/v1/connections', '/api/v1/contracts', '/api/v1/tenants'],
  connection: [
    '/api/v1/connections',
    '/api/v1/services',
    '/api/v1/monitors',
    '/api/v1/virtual-networks',
    '/api/v1/tenants',
  ],
  monitor: ['/api/v1/monitors', '/api/v1/monitoring', '/api/v1/connections'],
  notice: ['/api/v1/notices', '/api/v1/announcements', '/api/v1/incidents'],
  report: ['/api/v1/event-reports'],
};

export function affects(kind: string, path: string): boolean {
  const prefixes = AFFECTS[kind as Kind];
  return (
    !!prefixes && prefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`))
  );
}

type Listener = (kind: string | null) => void; // null: reload whatever you show
const listeners = new Set<Listener>();
let source: EventSource | null = null;
let closeTimer: ReturnType<typeof setTimeout> | null = null;

let enabled = false;

/** The session says whether a stream may be open (a full session); without one it is closed. */
export function setLiveEnabled(on: boolean): void {
  enabled = on;
  if (!on) {
    source?.close();
    source = null;
  } else if (listeners.size) open();
}

function open(): void {
  if (!enabled || typeof EventSource === 'undefined') return;
  if (source && source.readyState !== EventSource.CLOSED) return;
  const es = new EventSource('/api/v1/events');
  let opened = false;
  es.addEventListener('open', () => {
    if (opened) emit(null); // a reconnect: changes made meanwhile were not heard
    opened = true;
  });
  es.addEventListener('resync', () => emit(null));
  es.addEventListener('change', (e) => {
    try {
      const { kind } = JSON.parse((e as MessageEvent<string>).data) as { kind: string };
      emit(kind);
    } catch {
      // not ours
    }
  });
  source = es;
}

function emit(kind: string | null): void {
  for (const l of [...listeners]) l(kind);
}

function subscribe(l: Listener): () => void {
  listeners.add(l);
  if (closeTimer) clearTimeout(closeTimer);
  closeTimer = null;
  open();
  return () => {
    listeners.delete(l);
    // page changes unmount and mount views at once: keep the stream through them
    if (listeners.size === 0)
      closeTimer = setTimeout(() => {
        if (listeners.size === 0) {
          source?.close();
          source = null;
        }
      }, 2000);
  };
}

/**
 * Calls `reload` (at most every 500 ms) when a change touches the API path the view last loaded.
 * `path()` returns that path, or null while nothing is loaded.
 */
export function useLiveReload(path: () => string | null, reload: () => void): void {
  const latest = useRef({ path, reload });
  latest.current = { path, reload };
  useEffect(() => {
    if (typeof EventSource === 'undefined') return undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const unsubscribe = subscribe((kind) => {
      const p = latest.current.path();
      if (!p || (kind !== null && !affects(kind, p)) || timer) return;
      timer = setTimeout(() => {
        timer = null;
        latest.current.reload();
      }, 500);
    });
    return () => {
      if (timer) clearTimeout(timer);
      unsubscribe();
    };
  }, []);
}
