/** Integration keys: how external senders (Alertmanager, PagerDuty clients, webhooks) get in. */
import { z } from 'zod';
import { parseJsonAssertion } from '../../lib/json-assertion.js';
import { idMap, parsedString, refSchema, secretSchema } from './primitives.js';

export const INTEGRATION_TYPES = ['alertmanager', 'pagerduty', 'webhook'] as const;

/** Prometheus' label name rule, repeated here so the config does not depend on the alerts domain. */
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A path into the received JSON: `$`, `$.a.b`, `$.items[0]`, `$["odd key"]`. */
export const jsonPathSchema = parsedString('JSON path', (text) => {
  const parsed = parseJsonAssertion(text);
  if ('error' in parsed) return parsed.error;
  // The assertion parser also accepts `!$.x` and comparisons; a mapping needs a bare path.
  if (parsed.assertion.kind !== 'exists')
    return 'expected a bare JSON path like $.alert.name (no operator, no !)';
  return undefined;
});

/** A map keyed by label names; zod's own key error ("Invalid key in record") names no rule. */
function labelRecord<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const name of Object.keys(map))
      if (!LABEL_NAME_RE.test(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a label name (expected [a-zA-Z_][a-zA-Z0-9_]*)',
        });
  });
}

const labelMapSchema = labelRecord(jsonPathSchema);

export const webhookMappingSchema = z
  .strictObject({
    alerts: jsonPathSchema.optional().meta({
      description: 'Path to the array of items, one alert each. Default: the body is one item.',
    }),
    labels: labelMapSchema
      .refine((m) => Object.keys(m).length > 0, { error: 'must map at least one label' })
      .meta({ description: 'Label name → path in each item. A missing value rejects the item.' }),
    annotations: labelMapSchema
      .optional()
      .meta({ description: 'Annotation name → path in each item; missing values are skipped.' }),
    status: z
      .strictObject({
        path: jsonPathSchema.meta({ description: 'Path to the status value of an item.' }),
        resolved_values: z
          .array(z.string({ error: 'expected a string (quote numbers and booleans)' }))
          .min(1, { error: 'must list at least one value' })
          .meta({ description: 'Status values that mean resolved; any other means firing.' }),
      })
      .optional()
      .meta({
        description:
          'Where the item says whether it is resolved; values (compared as text) that mean resolved.',
      }),
    starts_at: jsonPathSchema.optional().meta({
      description: 'Path to the start time: RFC 3339, or epoch seconds or milliseconds.',
    }),
  })
  .meta({ description: 'How a generic webhook body becomes alerts (type webhook only).' });

export const integrationSchema = z
  .strictObject({
    type: z.enum(INTEGRATION_TYPES).meta({ description: 'Wire format the sender speaks.' }),
    key: secretSchema(16).meta({
      description:
        'The integration key senders present (at least 16 characters). Keep it in the environment: `${ALERTMANAGER_KEY}`.',
    }),
    labels: labelRecord(z.string({ error: 'expected a string (quote numbers and booleans)' }))
      .optional()
      .meta({ description: 'Labels added to every alert received with this key.' }),
    service: refSchema('service').optional().meta({
      description: 'Service (from `services`) that alerts received with this key belong to.',
    }),
    mapping: webhookMappingSchema.optional(),
  })
  .superRefine((integration, ctx) => {
    const { type, mapping, labels } = integration;
    if (mapping !== undefined && type !== 'webhook')
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: `is only valid for type webhook (this integration is type ${type})`,
      });
    if (type !== 'webhook') return;
    if (mapping === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['mapping'],
        message: 'is required for type webhook: map JSON paths to labels',
      });
    } else if (mapping.labels.alertname === undefined && !labels?.alertname) {
      // Every alert needs a name for routing and grouping; it can be constant per integration.
      ctx.addIssue({
        code: 'custom',
        path: ['mapping', 'labels'],
        message: 'must map alertname, or set it as a constant in the integration labels',
      });
    }
  })
  .meta({ description: 'One integration key.' });

/** The `mapping` of a webhook integration, after parsing. */
export type WebhookMapping = z.output<typeof webhookMappingSchema>;

export const integrationsSchema = idMap(integrationSchema)
  .default({})
  .meta({ description: 'Integration keys for ingest by id. Keys must be unique.' });
