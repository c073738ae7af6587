import '@mantine/core/styles.css';
import { Badge, createTheme, MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/index.tsx';
import { PlaneContext, type PlaneConfig } from './plane.ts';
import { SessionProvider } from './session.tsx';
import { Shell } from './Shell.tsx';

const theme = (plane: PlaneConfig['plane']) =>
  createTheme({
    // A different accent per plane, so staff never mistake the console for the customer portal.
    primaryColor: plane === 'mgmt' ? 'grape' : 'indigo',
    // Japanese-capable system fonts; no web fonts to download.
    fontFamily:
      'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Noto Sans CJK JP", Meiryo, sans-serif',
    components: {
      // Status words in both languages: as written, and never cut off in a narrow table cell.
      Badge: Badge.extend({
        defaultProps: { tt: 'none' },
        styles: { root: { flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } },
      }),
    },
  });

/** Renders one of the two apps; each entry passes its plane, typed API and screens. */
export function mount(config: PlaneConfig): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme(config.plane)}>
        <I18nProvider>
          <PlaneContext value={config}>
            <SessionProvider>
              <Shell />
            </SessionProvider>
          </PlaneContext>
        </I18nProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
