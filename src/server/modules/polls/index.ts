/** Reader polls: admin use cases, voting and live results. */
export { pollCookieName, pollsRoutes } from './polls.routes.ts';
export { createPollsService, type PollsService } from './polls.service.ts';
export type { Poll, PollOption, PollResults } from './polls.types.ts';
