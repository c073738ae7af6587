import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The `format` member of every export, and its major version (docs/export.md: versioning). */
export const EXPORT_FORMAT = 'pva-settings-export' as const;
export const EXPORT_VERSION = 1;

/** The published JSON Schema of the export: one file, served as is and used by the tests. */
export const EXPORT_SCHEMA_PATH = fileURLToPath(new URL('../../../docs/export-schema.json', import.meta.url));

let cached: { text: string; id: string } | null = null;

/** The schema's text (read once) and its $id. */
export function exportSchema(): { text: string; id: string } {
  if (!cached) {
    const text = readFileSync(EXPORT_SCHEMA_PATH, 'utf8');
    const parsed = JSON.parse(text) as { $id?: unknown };
    if (typeof parsed.$id !== 'string') throw new Error(`${EXPORT_SCHEMA_PATH} has no $id`);
    cached = { text, id: parsed.$id };
  }
  return cached;
}
