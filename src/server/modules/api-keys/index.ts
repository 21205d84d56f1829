/** Admin API tokens: create, verify, list, revoke. */
export { apiKeysRoutes } from './api-keys.routes.ts';
export { type ApiKeysService, createApiKeysService } from './api-keys.service.ts';
