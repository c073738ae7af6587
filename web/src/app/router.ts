import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * A few pages do not justify a router dependency: the path lives in the History API and
 * components re-render on back/forward (popstate) and on navigate().
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The query string (`?id=…`), re-read on navigate() and on back/forward. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  for (const l of listeners) l();
}

/** A value from the fragment (`/reset#token=...`): never sent to the server, so not in its logs. */
export function hashParam(name: string): string | null {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get(name);
}

/** href plus a click handler that stays in the app; modified clicks (new tab) keep browser behaviour. */
export function linkProps(href: string) {
  return {
    href,
    onClick(e: MouseEvent<HTMLElement>) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(href);
    },
  };
}
