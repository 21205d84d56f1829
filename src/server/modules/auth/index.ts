/** Signing in and out: sessions, throttling, two-factor sign-in, one's own profile. */
export { authRoutes } from './auth.routes.ts';
export { type AuthPolicy, type AuthService, type ClientInfo, createAuthService } from './auth.service.ts';
