import type { RenderedConfig } from './driver.ts';

/**
 * The intended configuration of one device, rendered from the current model by its driver
 * (issue 6). Pure given the model; runs inside the ambient transaction to read it.
 */
export async function intendedConfig(_deviceId: string): Promise<RenderedConfig> {
  throw new Error('intendedConfig: not built yet');
}
