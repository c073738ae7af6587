import { useCallback, useEffect, useRef, useState } from 'react';
import { asProblem, type Problem } from '../../api/client.ts';
import { currentLang } from '../../i18n/index.tsx';
import { attachmentName, ObjectCounter } from './progress.ts';

export const EXPORT_URL = '/api/v1/export?format=json';
const LAST_KEY = 'pva.export.lastAt';

export type DownloadState =
  | { status: 'idle' }
  | { status: 'running'; objects: number; bytes: number; total: number | null }
  | { status: 'done'; objects: number; bytes: number; at: Date }
  | { status: 'cancelled' }
  | { status: 'incomplete' }
  | { status: 'error'; problem: Problem };

/** When this browser last completed an export (kept locally: a reminder, not a record). */
export function lastExportAt(): string | null {
  try {
    return localStorage.getItem(LAST_KEY);
  } catch {
    return null;
  }
}

function save(chunks: Uint8Array<ArrayBuffer>[], name: string): void {
  const url = URL.createObjectURL(new Blob(chunks, { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // the browser has taken the file once the click is handled; free the memory a little later
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Downloads the JSON export with fetch, reading the body as it streams so that the page can
 * show progress: bytes, and objects against the total the server sends up front
 * (x-pva-export-objects). Plain fetch, not the API client: the client's middleware would read a
 * clone of every JSON body whole.
 */
export function useJsonDownload() {
  const [state, setState] = useState<DownloadState>({ status: 'idle' });
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const start = useCallback(async () => {
    const ac = new AbortController();
    abort.current = ac;
    setState({ status: 'running', objects: 0, bytes: 0, total: null });
    let started = false;
    try {
      const res = await fetch(EXPORT_URL, {
        headers: { 'Accept-Language': currentLang(), Accept: 'application/json' },
        credentials: 'same-origin',
        signal: ac.signal,
      });
      if (!res.ok || !res.body) {
        const body: unknown = await res.json().catch(() => null);
        setState({ status: 'error', problem: asProblem(body, res.status) });
        return;
      }
      started = true;
      const total = Number(res.headers.get('x-pva-export-objects'));
      const known = Number.isFinite(total) && total > 0 ? total : null;
      const counter = new ObjectCounter();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      const reader = res.body.getReader();
      let shown = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        counter.push(value);
        const now = performance.now();
        if (now - shown > 100) {
          shown = now;
          setState({ status: 'running', objects: counter.objects, bytes: counter.bytes, total: known });
        }
      }
      // a document cut short (the server failed mid-way) does not end with its closing brace
      const last = chunks.at(-1);
      const tail = last ? new TextDecoder().decode(last.subarray(-4)) : '';
      if (!tail.trimEnd().endsWith('}')) {
        setState({ status: 'incomplete' });
        return;
      }
      save(chunks, attachmentName(res.headers.get('content-disposition'), 'pva-export.json'));
      const at = new Date();
      try {
        localStorage.setItem(LAST_KEY, at.toISOString());
      } catch {
        // storage disabled: only the reminder is lost
      }
      setState({ status: 'done', objects: counter.objects, bytes: counter.bytes, at });
    } catch {
      if (ac.signal.aborted) setState({ status: 'cancelled' });
      else setState(started ? { status: 'incomplete' } : { status: 'error', problem: asProblem(null, 0) });
    } finally {
      if (abort.current === ac) abort.current = null;
    }
  }, []);

  const cancel = useCallback(() => abort.current?.abort(), []);
  return { state, start, cancel };
}
