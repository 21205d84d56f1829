/** View counting: beacons in, batched exact counts out; "most read" over 24 hours. */
export { createSalts, type PeriodSecret, readerHash } from './salts.ts';
export { type LogAccess, sqliteLog } from './views.repo.ts';
export { beaconHandler } from './views.routes.ts';
export {
  type BeaconResult,
  createViewsService,
  type StoryState,
  type ViewsService,
} from './views.service.ts';
