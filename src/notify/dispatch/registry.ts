/**
 * The dispatcher's default wiring to the channel kinds (`src/notify/channels/index.ts`): how
 * to attempt a delivery, the kind's delivery defaults and its reachability check. Tests inject
 * their own through NotifierDeps.
 */
import { attemptDelivery, channelDefaults, unreachableReason } from '../channels/index.js';
import type { AttemptFn, UnreachableFn } from './types.js';

export const registryAttempt: AttemptFn = attemptDelivery;
export const registryDefaults = channelDefaults;
export const registryUnreachable: UnreachableFn = unreachableReason;
