import type { Driver } from '../driver.ts';

/**
 * The driver registry: ops.device.driver names one of these. A vendor driver is one more entry;
 * nothing else in the core changes.
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
