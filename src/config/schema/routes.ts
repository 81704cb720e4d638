/**
 * `routes`: the routing tree, Alertmanager's `route` with Opsdeck's targets (`notify`,
 * `severity_map`) in place of `receiver`. Children inherit what they leave unset, so child
 * fields have no defaults here: the alerts domain (`compileRouteTree`) applies inheritance.
 * Matchers are parsed with the alerts domain's parser so errors point at the exact string.
 */
import { z } from 'zod';
import { parseMatchers } from '../../alerts/matchers/parse.js';
import { LABEL_NAME_RE } from '../../alerts/model/labels.js';
import { durationSchema, parsedString, refSchema, thrownBy } from './primitives.js';

/** An Alertmanager matcher string such as `severity=~"P0|P1"`; it may hold several. */
export const matcherSchema = parsedString(
  'matcher',
  thrownBy('invalid matcher', parseMatchers),
).meta({ title: 'matcher' });

/** A Prometheus label name. */
export const labelNameSchema = z
  .string({ error: 'expected a label name' })
  .regex(LABEL_NAME_RE, { error: 'expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)' })
  .meta({ title: 'label name' });

const groupBySchema = z
  .array(
    z
      .string({ error: "expected a label name or '...'" })
      .refine((l) => l === '...' || LABEL_NAME_RE.test(l), {
        error: "expected a label name or '...' (all labels)",
      }),
  )
  .superRefine((labels, ctx) => {
    if (labels.includes('...') && labels.length > 1)
      ctx.addIssue({
        code: 'custom',
        message: "cannot have wildcard group_by ('...') and other labels at the same time",
        input: labels,
      });
    labels.forEach((label, i) => {
      if (labels.indexOf(label) !== i)
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `duplicated label '${label}' in group_by`,
          input: label,
        });
    });
  });

/** Alertmanager refuses zero for these two: a group would re-notify in a busy loop. */
const nonZeroDuration = () => durationSchema.refine((ms) => ms > 0, { error: 'cannot be zero' });

const targets = {
  notify: z.array(refSchema('channel')).optional().meta({
    description: 'Channel ids (from `channels`) that receive the groups of this route.',
  }),
  escalation: refSchema('escalation policy').optional().meta({
    description:
      'Escalation policy (from `escalation_policies`): a firing group opens an incident and pages through it (the service’s own `escalation` wins when set).',
  }),
  severity_map: z.record(z.string().min(1), refSchema('severity')).optional().meta({
    description:
      'Maps the `severity` label of incoming alerts (e.g. `critical`, `warning`) to severity ids (from `severities`).',
  }),
};

const childShape = {
  matchers: z.array(matcherSchema).default([]).meta({
    description: 'Alertmanager matchers the alert must all match, e.g. `severity=~"P0|P1"`.',
  }),
  continue: z.boolean().default(false).meta({
    description: 'Keep matching the following sibling routes after this one matched.',
  }),
  group_by: groupBySchema.optional().meta({
    description: "Labels that split alerts into groups; `['...']` groups by every label.",
  }),
  group_wait: durationSchema
    .optional()
    .meta({ description: 'How long a new group waits for more alerts before notifying.' }),
  group_interval: nonZeroDuration()
    .optional()
    .meta({ description: 'How long to wait before notifying about alerts added to a group.' }),
  repeat_interval: nonZeroDuration()
    .optional()
    .meta({ description: 'How long to wait before notifying again about an unchanged group.' }),
  ...targets,
  mute_time_intervals: z.array(z.string().min(1)).optional().meta({
    description:
      'Names (from `time_intervals`) during which this route notifies nobody. Not inherited.',
  }),
  active_time_intervals: z.array(z.string().min(1)).optional().meta({
    description:
      'Names (from `time_intervals`) outside which this route notifies nobody. Not inherited.',
  }),
};

/** A child route after parsing (durations in ms); unset fields inherit from the parent. */
export interface ChildRouteConfig extends z.output<z.ZodObject<typeof childShape>> {
  routes: ChildRouteConfig[];
}

/** A child route as written in YAML. */
export interface ChildRouteInput extends z.input<z.ZodObject<typeof childShape>> {
  routes?: ChildRouteInput[] | undefined;
}

// The annotation is what lets TypeScript follow the recursion through the getter.
export const childRouteSchema: z.ZodType<ChildRouteConfig, ChildRouteInput> = z
  .strictObject({
    ...childShape,
    get routes() {
      return z
        .array(childRouteSchema)
        .default([])
        .meta({ title: 'list of routes', description: 'Child routes, tried in order.' });
    },
  })
  .meta({
    id: 'route',
    title: 'route',
    description: 'A route: matchers, grouping, timings and targets.',
  });

/**
 * A key only child routes may set: refused on the root with Alertmanager's message, and
 * described here because the generated reference shows the root's table only.
 */
const childOnly = (message: string, description: string | undefined) =>
  z
    .never({ error: message })
    .optional()
    .meta({ title: 'child routes only', description: `${description} Not allowed on the root.` });

export const routesSchema = z
  .strictObject({
    group_by: groupBySchema.default(['alertname', 'service']).meta({
      description: "Labels that split alerts into groups; `['...']` groups by every label.",
    }),
    group_wait: durationSchema
      .prefault('30s')
      .meta({ description: childShape.group_wait.description }),
    group_interval: nonZeroDuration()
      .prefault('5m')
      .meta({ description: childShape.group_interval.description }),
    repeat_interval: nonZeroDuration()
      .prefault('4h')
      .meta({ description: childShape.repeat_interval.description }),
    notify: targets.notify.unwrap().default([]).meta({ description: targets.notify.description }),
    escalation: targets.escalation,
    severity_map: targets.severity_map
      .unwrap()
      .default({})
      .meta({ description: targets.severity_map.description }),
    matchers: childOnly(
      'root route must not have any matchers: it takes every alert',
      childShape.matchers.description,
    ),
    continue: childOnly('cannot have continue in root route', childShape.continue.description),
    mute_time_intervals: childOnly(
      'root route must not have any mute time intervals',
      childShape.mute_time_intervals.description,
    ),
    active_time_intervals: childOnly(
      'root route must not have any active time intervals',
      childShape.active_time_intervals.description,
    ),
    routes: z.array(childRouteSchema).default([]).meta({
      title: 'list of routes',
      description:
        'Child routes, tried in order. Each takes the keys of this table; what a child leaves unset it inherits from its parent, except the time intervals.',
    }),
  })
  .prefault({})
  .meta({
    description:
      'The routing tree (Alertmanager semantics): the root takes every alert; an alert goes to the deepest matching child routes.',
  });
