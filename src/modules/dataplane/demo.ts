/** Demo data-plane data: change records and configuration backups. */
export async function seedDataplaneDemo(_opts: { staffIds: Record<string, string> }): Promise<void> {}
