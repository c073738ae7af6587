// Jobs of this module register themselves when this file is imported (src/jobs/builtin.ts).
export {};
