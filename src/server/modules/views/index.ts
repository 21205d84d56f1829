/** View counting: beacons in, batched exact counts out; "most read" over 24 hours. */
export { createSalts, readerHash } from './salts.ts';
export { createViewsRepo, type MostReadItem, type ViewsRepo } from './views.repo.ts';
export { beaconHandler, clientAddress } from './views.routes.ts';
export {
  type BeaconResult,
  createViewsService,
  DEDUPE_WINDOW_MS,
  type ViewsService,
} from './views.service.ts';
