export {
  ROLES,
  SYSTEM_ACTOR,
  isRole,
  roleAllows,
  type Access,
  type Actor,
  type Role,
} from './roles.js';
export {
  createToken,
  listTokens,
  revokeToken,
  countActiveTokens,
  type TokenInfo,
  type VerbContext,
} from './tokens.js';
export {
  authenticateSecret,
  bearerSecret,
  TokenVerifier,
  TOKEN_CACHE_TTL_MS,
} from './authenticate.js';
export { bootstrapAdminToken, ADMIN_TOKEN_ENV, type BootstrapResult } from './bootstrap.js';
export { installAuthGuard, GUARDED_PREFIXES } from './guard.js';
export { tokenRoutes } from './routes.js';
export { MIN_TOKEN_LENGTH } from './secrets.js';
export {
  openSession,
  SessionVerifier,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
  SESSION_MAX_MS,
  type Session,
} from './sessions.js';
export { sessionRoutes, type PersonLookup } from './session-routes.js';
export { passwordRoutes } from './password-routes.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { CSRF_HEADER } from './guard.js';
