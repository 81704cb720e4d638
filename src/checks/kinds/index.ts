/**
 * Every active check kind, one folder each. Exhaustive by type: adding a kind to the config
 * schema fails compilation here until its prober is registered. Heartbeats have no prober:
 * jobs ping Opsdeck (see ../heartbeat).
 */
import type { ActiveCheckKind, Prober } from '../probe.js';
import { commandProber } from './command/index.js';
import { dnsProber } from './dns/index.js';
import { httpProber } from './http/index.js';
import { postgresProber } from './postgres/index.js';
import { redisProber } from './redis/index.js';
import { tcpProber } from './tcp/index.js';
import { tlsProber } from './tls/index.js';

export const probers: { [K in ActiveCheckKind]: Prober<K> } = {
  http: httpProber,
  tcp: tcpProber,
  dns: dnsProber,
  tls: tlsProber,
  postgres: postgresProber,
  redis: redisProber,
  command: commandProber,
};
