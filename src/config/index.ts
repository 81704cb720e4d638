/**
 * Config as code: the ops config schema (the single source of truth for types, validation,
 * the editor JSON Schema and the reference docs) and the loader that reads it from YAML.
 */
export {
  opsConfigSchema,
  CHANNEL_KINDS,
  DEFAULT_SEVERITIES,
  autoResolves,
  INTEGRATION_TYPES,
  channelKindSchemas,
  CHECK_KINDS,
  checkKindSchemas,
  DNS_RECORD_TYPES,
  DNS_RCODES,
  type CheckConfig,
  type CheckKind,
  type CheckSpec,
  type MonitoringConfig,
  type AlertsConfig,
  type OpsConfig,
  type OpsConfigInput,
  type OpsConfigSection,
  type ServerConfig,
  type SeverityConfig,
  type PersonConfig,
  type TeamConfig,
  type ServiceConfig,
  type ChannelConfig,
  type ChannelKind,
  type IntegrationConfig,
  type ScheduleConfig,
  type RotationConfig,
  type EscalationPolicyConfig,
  type EscalationStepConfig,
  type EscalationTarget,
  type NotificationRuleConfig,
  type OncallConfig,
  type IncidentsConfig,
  WEEKDAYS,
  type Weekday,
  TARGET_KINDS,
  type EscalationTargetKind,
} from './schema/index.js';
export { loadConfig, formatIssue, type ConfigIssue, type LoadedConfig } from './loader/index.js';
export { opsJsonSchema, OPS_SCHEMA_ID, type JsonSchema } from './json-schema.js';
export { renderConfigReference, CONFIG_REFERENCE_REGION } from './reference.js';
export { parseDuration, formatDuration, tryParseDuration } from './duration.js';
export { ID_PATTERN } from './schema/primitives.js';
export { publicUrlOf } from './schema/server.js';
export { didYouMean } from './loader/describe.js';
export { parseByteSize, tryParseByteSize } from './byte-size.js';
