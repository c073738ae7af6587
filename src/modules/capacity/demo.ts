/** Demo capacity data: traffic history for the forecast and augmentation plans. */
export async function seedCapacityDemo(): Promise<void> {}
