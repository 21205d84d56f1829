/** Admin API tokens: create, verify, list, revoke. */
export { type ApiKeysService, createApiKeysService } from './api-keys.service.ts';
