import { portalMonitorApi } from './api.ts';
import { MonitoringScreen } from './MonitoringScreen.tsx';

/** The customer's monitors: state, pause/resume, history, availability, events. */
export default function PortalMonitoringPage() {
  return <MonitoringScreen api={portalMonitorApi} base="/monitoring" />;
}
