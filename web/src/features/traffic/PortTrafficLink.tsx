import { Anchor } from '@mantine/core';
import { linkProps } from '../../app/router.ts';
import { useI18n } from '../../i18n/index.tsx';

/** A link from a port's capacity detail to its measured traffic graph (console). */
export function PortTrafficLink({ portId }: { portId: string }) {
  const { lang } = useI18n();
  return (
    <Anchor
      size="sm"
      {...linkProps(`/port-traffic?port=${encodeURIComponent(portId)}`)}
      data-testid="port-traffic-link"
    >
      {lang === 'ja' ? 'このポートのトラフィック（グラフと CSV）→' : 'Traffic of this port (graph and CSV) →'}
    </Anchor>
  );
}
