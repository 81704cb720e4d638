/**
 * The whole ops config: the single source of truth for types, validation, the editor JSON
 * Schema and the generated reference. Later features add a section here and a file beside it.
 */
import { z } from 'zod';
import { alertsSchema } from './alerts.js';
import { channelsSchema } from './channels.js';
import { escalationPoliciesSchema } from './escalation.js';
import { inhibitRulesSchema } from './inhibit-rules.js';
import { integrationsSchema } from './integrations.js';
import { maintenanceWindowsSchema } from './maintenance.js';
import { monitoringSchema } from './monitoring.js';
import { incidentsSchema } from './incidents.js';
import { oncallSchema } from './oncall.js';
import { peopleSchema } from './people.js';
import { alertRulesSchema, metricsSchema } from './rules.js';
import { routesSchema } from './routes.js';
import { schedulesSchema } from './schedules.js';
import { serverSchema } from './server.js';
import { servicesSchema } from './services.js';
import { severitiesSchema } from './severities.js';
import { statusPagesSchema } from './status-pages.js';
import { teamsSchema } from './teams.js';
import { timeIntervalsSchema } from './time-intervals.js';

export const opsConfigSchema = z
  .strictObject({
    server: serverSchema,
    severities: severitiesSchema,
    people: peopleSchema,
    teams: teamsSchema,
    schedules: schedulesSchema,
    escalation_policies: escalationPoliciesSchema,
    oncall: oncallSchema,
    incidents: incidentsSchema,
    services: servicesSchema,
    channels: channelsSchema,
    integrations: integrationsSchema,
    monitoring: monitoringSchema,
    metrics: metricsSchema,
    alert_rules: alertRulesSchema,
    alerts: alertsSchema,
    routes: routesSchema,
    time_intervals: timeIntervalsSchema,
    inhibit_rules: inhibitRulesSchema,
    maintenance_windows: maintenanceWindowsSchema,
    status_pages: statusPagesSchema,
  })
  .meta({
    title: 'Opsdeck configuration',
    description: 'The ops config (ops.yaml, or a folder of YAML files merged together).',
  });

/** The validated config, after defaults and parsing (durations in ms, sizes in bytes). */
export type OpsConfig = z.output<typeof opsConfigSchema>;
/** The config as written in YAML, before defaults. */
export type OpsConfigInput = z.input<typeof opsConfigSchema>;
/** A top-level key of the config, e.g. `services`. */
export type OpsConfigSection = keyof OpsConfigInput;

export type ServerConfig = OpsConfig['server'];
export type SeverityConfig = OpsConfig['severities'][string];
export type PersonConfig = OpsConfig['people'][string];
export type TeamConfig = OpsConfig['teams'][string];
export type ChannelConfig = OpsConfig['channels'][string];
export type ScheduleConfig = OpsConfig['schedules'][string];
export type RotationConfig = ScheduleConfig['rotations'][number];
export type EscalationPolicyConfig = OpsConfig['escalation_policies'][string];
export type EscalationStepConfig = EscalationPolicyConfig['steps'][number];
export type EscalationTarget = EscalationStepConfig['notify'][number];
export type NotificationRuleConfig = PersonConfig['notify'][string][number];
export type OncallConfig = OpsConfig['oncall'];
export type IncidentsConfig = OpsConfig['incidents'];
export type IntegrationConfig = OpsConfig['integrations'][string];
export type MonitoringConfig = OpsConfig['monitoring'];
export type MetricsConfig = OpsConfig['metrics'];
export type AlertRuleConfig = OpsConfig['alert_rules'][number];
export type AlertsConfig = OpsConfig['alerts'];
export type RoutesConfig = OpsConfig['routes'];
export type NamedTimeIntervalConfig = OpsConfig['time_intervals'][number];
export type TimeIntervalConfig = NamedTimeIntervalConfig['time_intervals'][number];
export type InhibitRuleConfig = OpsConfig['inhibit_rules'][number];
export type MaintenanceWindowConfig = OpsConfig['maintenance_windows'][string];
export type StatusPageConfig = OpsConfig['status_pages'][string];
export type { ChildRouteConfig } from './routes.js';
export type { ServiceConfig } from './services.js';
export type { ChannelKind } from './channels.js';
export { CHANNEL_KINDS, channelKindSchemas } from './channels.js';
export { DEFAULT_SEVERITIES, autoResolves } from './severities.js';
export { WEEKDAYS, type Weekday } from './schedules.js';
export { TARGET_KINDS, type EscalationTargetKind } from './escalation.js';
export { INTEGRATION_TYPES } from './integrations.js';
export { CHECK_KINDS, checkKindSchemas } from './checks/index.js';
export { DNS_RECORD_TYPES, DNS_RCODES } from './checks/dns.js';
export type { CheckConfig, CheckKind, CheckSpec } from './checks/index.js';
