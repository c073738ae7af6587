import type { Driver } from '../driver.ts';
import { linuxDriver } from './linux/index.ts';
import { renderOnlyDriver } from './render-only.ts';

/**
 * The driver registry: ops.device.driver names one of these. A vendor driver is one more entry;
 * nothing else in the core changes. Drivers receive the core's PeModel (model.ts) to render.
 */
const drivers = new Map<string, Driver>();

export function registerDriver(driver: Driver): void {
  drivers.set(driver.name, driver);
}

/** The driver for a device's `driver` column; undefined when no such driver is installed. */
export function getDriver(name: string): Driver | undefined {
  return drivers.get(name);
}

export function driverNames(): string[] {
  return [...drivers.keys()].sort();
}

registerDriver(linuxDriver);
registerDriver(renderOnlyDriver);
