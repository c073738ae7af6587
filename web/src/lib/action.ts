import { useCallback, useEffect, useRef, useState } from 'react';
import { asProblem, inBackground, type Problem } from '../api/client.ts';
import { useLiveReload } from './live.ts';

/** What an openapi-fetch call resolves to. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs one API call for a form or a button: tracks `busy`, keeps the problem+json of a failure
 * and finds the message for a field (`/body/<name>` or `/body/<name>/<index>`).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const run = useCallback(async <T>(call: () => Promise<ApiResult<T>>): Promise<{ data: T } | null> => {
    setBusy(true);
    setProblem(null);
    try {
      const r = await call();
      if (r.response.ok) return { data: r.data as T };
      if (mounted.current) setProblem(asProblem(r.error, r.response.status));
      return null;
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') return null;
      if (mounted.current) setProblem(asProblem(null, 0));
      return null;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);

  const fieldError = useCallback(
    (name: string): string | undefined => {
      const msgs = (problem?.errors ?? [])
        .filter((e) => e.field === `/body/${name}` || e.field.startsWith(`/body/${name}/`))
        .map((e) => {
          const index = /\/(\d+)$/.exec(e.field.slice(`/body/${name}`.length))?.[1];
          return index === undefined ? e.message : `${Number(index) + 1}: ${e.message}`;
        });
      return msgs.length ? msgs.join(' ') : undefined;
    },
    [problem],
  );

  const clear = useCallback(() => setProblem(null), []);
  return { busy, problem, run, fieldError, clear, setProblem };
}

export type LoadState<T> =
  { status: 'loading' } | { status: 'error'; problem: Problem } | { status: 'ready'; data: T };

/** Loads data for a page; `reload()` fetches again (after a change). */
export function useLoad<T>(
  load: (signal: AbortSignal) => Promise<ApiResult<T>>,
  deps: readonly unknown[] = [],
) {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const loadedPath = useRef<string | null>(null);
  const live = useRef(false);
  useEffect(() => {
    const ac = new AbortController();
    const byLive = live.current;
    live.current = false;
    (byLive ? inBackground(() => load(ac.signal)) : load(ac.signal)).then(
      (r) => {
        if (ac.signal.aborted) return;
        loadedPath.current = r.response.url ? new URL(r.response.url).pathname : null;
        if (r.response.ok) setState({ status: 'ready', data: r.data as T });
        else setState({ status: 'error', problem: asProblem(r.error, r.response.status) });
      },
      () => {
        if (!ac.signal.aborted) setState({ status: 'error', problem: asProblem(null, 0) });
      },
    );
    return () => ac.abort();
    // `load` is an inline closure: `deps` say when to load again
  }, [attempt, ...deps]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  // live updates: a change to what this view shows loads it again (lib/live.ts)
  useLiveReload(
    () => loadedPath.current,
    () => {
      live.current = true;
      reload();
    },
  );
  return { state, reload };
}
