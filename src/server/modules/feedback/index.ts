/** Readers' reports of errors in stories: the newsroom's task list. */
export type { FeedbackItem } from './feedback.repo.ts';
export { feedbackRoutes } from './feedback.routes.ts';
export { createFeedbackService, type FeedbackService } from './feedback.service.ts';
