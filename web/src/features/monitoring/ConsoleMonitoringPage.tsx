import { mgmtMonitorApi } from './api.ts';
import { MonitoringScreen } from './MonitoringScreen.tsx';

/** Every monitor across tenants for the NOC, with the same pause/resume (audited). */
export default function ConsoleMonitoringPage() {
  return <MonitoringScreen api={mgmtMonitorApi} base="/monitoring" />;
}
