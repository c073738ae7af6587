import { pino } from 'pino';
import { formatInstant } from './time.ts';

/** The process logger outside requests (workers, CLI): JSON lines with times in the configured zone. */
export const log = pino({
  level: process.env.PVA_LOG_LEVEL ?? 'info',
  timestamp: () => `,"time":"${formatInstant(new Date())}"`,
  base: { role: 'worker' },
});
