/** A server-sent-event stream read over real HTTP, for the live-update tests. */
export interface OpenStream {
  status: number;
  contentType: string;
  /** everything received so far */
  text(): string;
  /** the `change` events received so far, parsed */
  changes(): { kind: string; id: string; tenant?: string }[];
  ended(): boolean;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  let text = '';
  let ended = false;
  if (res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    void (async () => {
      try {
        for (;;) {
          const r = await reader.read();
          if (r.done) break;
          text += decoder.decode(r.value as Uint8Array, { stream: true });
        }
      } catch {
        // aborted by close()
      }
      ended = true;
    })();
  } else ended = true;
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: () => text,
    changes: () =>
      text
        .split('\n\n')
        .filter((block) => block.startsWith('event: change\n'))
        .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as { kind: string; id: string }),
    ended: () => ended,
    close: () => ac.abort(),
  };
}

/** Waits for a condition without asserting any timing: the bound only turns a hang into a message. */
export async function until(what: string, cond: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
