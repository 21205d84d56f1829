/** Demo and scale seeding from the generated newsroom. */
export { createSeedService, type Progress, type SeedService } from './seed.service.ts';
