/**
 * Metric rules: where samples come from (`metrics`: targets Opsdeck scrapes itself, or a
 * Prometheus server that answers the queries) and the alerting rules evaluated on them
 * (`alert_rules`, Prometheus' alerting-rule fields plus Opsdeck's severity and service).
 */
import { z } from 'zod';
import { templateProblem } from '../../rules/alerting/template.js';
import { ruleExprProblem } from '../../rules/promql/rule-expr.js';
import {
  byteSizeSchema,
  durationSchema,
  httpUrlSchema,
  parsedString,
  refSchema,
  runbookRefSchema,
} from './primitives.js';
import { idMap } from './primitives.js';

const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Labels Opsdeck sets itself on rule alerts; a rule's `labels` may not override them. */
const RULE_SET_LABELS = ['alertname', 'severity', 'service'];

function positive(schema: typeof durationSchema) {
  return schema.refine((ms) => ms > 0, { error: 'must be greater than 0' });
}

/** Label name → value map with Prometheus' name rule; `extra` may reject more names. */
function labelMap<T extends z.ZodType>(value: T, reserved: readonly string[] = []) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!LABEL_NAME_RE.test(name) || name.startsWith('__'))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'is not a label name (expected [a-zA-Z_][a-zA-Z0-9_]*, not starting with __)',
        });
      else if (reserved.includes(name))
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `is set by Opsdeck from the rule's ${name === 'alertname' ? 'name' : name}`,
        });
    }
  });
}

const templateSchema = parsedString('template', templateProblem);

export const scrapeTargetSchema = z
  .strictObject({
    url: httpUrlSchema.meta({ description: 'The /metrics URL (Prometheus text or OpenMetrics).' }),
    every: positive(durationSchema).prefault('15s').meta({ description: 'Scrape interval.' }),
    timeout: positive(durationSchema).optional().meta({
      description:
        'How long one scrape may take (default 10s, or `every` if shorter; at most `every`).',
    }),
    labels: labelMap(z.string({ error: 'expected a string (quote numbers and booleans)' }))
      .default({})
      .meta({
        description: 'Labels added to every sample of this target (as Prometheus target labels).',
      }),
    service: refSchema('service').optional().meta({
      description:
        'The service this target belongs to (from `services`); added as label `service`.',
    }),
    body_limit: byteSizeSchema.prefault('10MiB').meta({
      description: 'Largest response accepted; a bigger one makes the scrape fail (`up` 0).',
    }),
  })
  .superRefine((target, ctx) => {
    if (target.timeout !== undefined && target.timeout > target.every)
      ctx.addIssue({
        code: 'custom',
        path: ['timeout'],
        message: 'must not be longer than `every`',
      });
  })
  .transform((t) => ({ ...t, timeout: t.timeout ?? Math.min(10_000, t.every) }))
  .meta({
    description: 'One scrape target; its samples get `job` (the id) and `instance` (host:port).',
  });

export const metricsSchema = z
  .strictObject({
    scrape: idMap(scrapeTargetSchema).default({}).meta({
      description:
        'Targets Opsdeck scrapes itself, by job name. Only series that some rule selects are kept.',
    }),
    prometheus: z
      .strictObject({
        url: httpUrlSchema.meta({
          description: 'Base URL of the Prometheus server, e.g. http://prometheus:9090.',
        }),
        timeout: positive(durationSchema)
          .prefault('30s')
          .meta({ description: 'Timeout of one query.' }),
      })
      .optional()
      .meta({
        description:
          'Evaluate rules as instant queries against this Prometheus (`/api/v1/query`) instead of scraping.',
      }),
    evaluation_interval: positive(durationSchema)
      .prefault('15s')
      .meta({ description: 'How often every rule is evaluated.' }),
  })
  .superRefine((metrics, ctx) => {
    if (metrics.prometheus && Object.keys(metrics.scrape).length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['scrape'],
        message:
          'is not used when metrics.prometheus is set (rules then query Prometheus); remove one of them',
      });
  })
  .prefault({})
  .meta({ description: 'Where metric rules get their samples.' });

export const alertRuleSchema = z
  .strictObject({
    name: z
      .string({ error: 'expected an alert name' })
      .regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: 'expected an alert name like HighErrorRate' })
      .meta({ description: 'The alert name (label `alertname`).' }),
    expr: parsedString('PromQL', ruleExprProblem).meta({
      description:
        'PromQL expression (the documented subset); every series it returns is an alert.',
    }),
    for: durationSchema.prefault('0').meta({
      description: 'How long the condition must hold before the alert fires (pending until then).',
    }),
    keep_firing_for: durationSchema.prefault('0').meta({
      description: 'How long the alert keeps firing after the condition stops holding.',
    }),
    severity: refSchema('severity').meta({
      description: 'Severity of the alert (from `severities`).',
    }),
    service: refSchema('service')
      .optional()
      .meta({ description: 'The service the alert is about (from `services`).' }),
    labels: labelMap(templateSchema, RULE_SET_LABELS)
      .default({})
      .meta({ description: 'Extra labels; values are templates ({{ $labels.x }}, {{ $value }}).' }),
    annotations: labelMap(templateSchema)
      .default({})
      .meta({ description: 'Annotations such as summary and description; values are templates.' }),
    runbook: runbookRefSchema.optional().meta({
      description: 'Runbook for this alert: a path relative to the YAML file, or a URL.',
    }),
  })
  .meta({ description: 'One alerting rule.' });

export const alertRulesSchema = z.array(alertRuleSchema).default([]).meta({
  description: 'Alerting rules on metrics, evaluated every `metrics.evaluation_interval`.',
});
