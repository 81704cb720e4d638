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
