/** The services Opsdeck watches, who owns them and what they depend on. */
import { z } from 'zod';
import { checksSchema } from './checks/index.js';
import { idMap, refSchema, runbookRefSchema, stringMapSchema } from './primitives.js';

export const serviceSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'Display name; the id when omitted.' }),
    description: z.string().optional().meta({ description: 'What the service does.' }),
    owner: refSchema('person')
      .optional()
      .meta({ description: 'Id of the person accountable for the service (from `people`).' }),
    team: refSchema('team')
      .optional()
      .meta({ description: 'Id of the team that runs the service (from `teams`).' }),
    escalation: refSchema('escalation policy').optional().meta({
      description:
        'Escalation policy for this service’s incidents (from `escalation_policies`); wins over the route’s.',
    }),
    tier: z
      .int()
      .min(1)
      .max(4)
      .optional()
      .meta({ description: 'Criticality from 1 (most critical) to 4.' }),
    depends_on: z.array(refSchema('service')).default([]).meta({
      description:
        'Ids of services this one needs (from `services`); alerts on a dependency explain alerts here. Cycles are errors.',
    }),
    runbooks: z.array(runbookRefSchema).default([]).meta({
      description:
        'Runbooks: paths relative to the YAML file that declares the service (checked to exist), or http(s) URLs.',
    }),
    labels: stringMapSchema
      .default({})
      .meta({ description: 'Labels added to every alert of this service.' }),
    checks: checksSchema,
  })
  .meta({ description: 'One service.' });

/** A service after defaults: `name` is always set. */
export type ServiceConfig = Omit<z.output<typeof serviceSchema>, 'name'> & { name: string };

export const servicesSchema = idMap(serviceSchema)
  .default({})
  .transform((services): Record<string, ServiceConfig> => {
    // The name defaults to the id, which only the enclosing map knows.
    const out: Record<string, ServiceConfig> = {};
    for (const [id, service] of Object.entries(services))
      out[id] = { ...service, name: service.name ?? id };
    return out;
  })
  .meta({ description: 'Services by id (e.g. `api`).' });
