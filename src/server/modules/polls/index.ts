/** Reader polls: admin use cases, voting and live results. */
export { pollCookieName, pollRoutes } from './polls.routes.ts';
export { createPollsService, type Poll, type PollResults, type PollsService } from './polls.service.ts';
