/** Integration keys: how external senders (Alertmanager, PagerDuty clients, webhooks) get in. */
import { z } from 'zod';
import { idMap, refSchema, secretSchema, stringMapSchema } from './primitives.js';

export const INTEGRATION_TYPES = ['alertmanager', 'pagerduty', 'webhook'] as const;

export const integrationSchema = z
  .strictObject({
    type: z.enum(INTEGRATION_TYPES).meta({ description: 'Wire format the sender speaks.' }),
    key: secretSchema(16).meta({
      description:
        'The integration key senders present (at least 16 characters). Keep it in the environment: `${ALERTMANAGER_KEY}`.',
    }),
    labels: stringMapSchema
      .optional()
      .meta({ description: 'Labels added to every alert received with this key.' }),
    service: refSchema('service').optional().meta({
      description: 'Service (from `services`) that alerts received with this key belong to.',
    }),
  })
  .meta({ description: 'One integration key.' });

export const integrationsSchema = idMap(integrationSchema)
  .default({})
  .meta({ description: 'Integration keys for ingest by id. Keys must be unique.' });
