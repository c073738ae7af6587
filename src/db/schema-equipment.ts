/** Kysely types of equipment (Equipment inventory, secure disposal and the supplier register). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EquipmentTables {}
