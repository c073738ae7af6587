import { Badge } from '@mantine/core';
import { useEffect, useState } from 'react';
import { portalApi } from '../../api/portal-api.ts';

const EVENT = 'pva:notices-unread';
/** Tells the menu badge to count again (after reading or acknowledging). */
export const announceUnreadChange = (): void => void window.dispatchEvent(new Event(EVENT));

/** The number of unread notices beside the menu entry; refreshed every few minutes and on change. */
export function UnreadBadge() {
  const [count, setCount] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () =>
      void portalApi.GET('/api/v1/notices/unread-count').then(
        (r) => {
          if (live && r.data) setCount(r.data.unread);
        },
        () => undefined,
      );
    load();
    const timer = setInterval(load, 180_000);
    window.addEventListener(EVENT, load);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(EVENT, load);
    };
  }, []);
  if (!count) return null;
  return (
    <Badge size="sm" color="red" circle data-testid="unread-notices">
      {count}
    </Badge>
  );
}
