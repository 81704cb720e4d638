/**
 * Escalation policies: who is paged, in which order, until someone acknowledges. Step `after`
 * delays count from the moment the incident opened (the handbooks' "tech lead after 30 min,
 * manager after 60"), so they must grow from step to step.
 */
import { z } from 'zod';
import { durationSchema, idMap } from './primitives.js';

export const TARGET_KINDS = ['person', 'schedule', 'team', 'channel'] as const;
export type EscalationTargetKind = (typeof TARGET_KINDS)[number];

const TARGET_RE = /^(person|schedule|team|channel):([A-Za-z][A-Za-z0-9_-]*)$/;
const TARGET_MESSAGE =
  'expected a target like person:alice, schedule:sre-primary, team:sre or channel:ops-slack';

/** `kind:id`, parsed to `{kind, id}`. */
export const escalationTargetSchema = z
  .string({ error: TARGET_MESSAGE })
  .regex(TARGET_RE, { error: TARGET_MESSAGE })
  .transform((text) => {
    const m = TARGET_RE.exec(text)!;
    return { kind: m[1] as EscalationTargetKind, id: m[2]! };
  })
  .meta({ title: 'target' });

export const escalationStepSchema = z
  .strictObject({
    after: durationSchema.optional().meta({
      description:
        'When this step pages, counted from the incident’s start; when omitted, one `respond_within` of the incident’s severity after the previous step.',
    }),
    notify: z.array(escalationTargetSchema).min(1, { error: 'a step must notify someone' }).meta({
      description:
        'Targets: `person:<id>`, `schedule:<id>` (whoever is on call), `team:<id>` (every member), `channel:<id>`.',
    }),
  })
  .meta({ description: 'One escalation step.' });

export const escalationPolicySchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'Display name; the id when omitted.' }),
    description: z.string().optional().meta({ description: 'When this policy is used.' }),
    steps: z
      .array(escalationStepSchema)
      .min(1, { error: 'a policy needs at least one step' })
      .meta({
        description: 'Steps in order; the first pages at once.',
      }),
    repeat: z.int().min(0).max(20).default(0).meta({
      description: 'How many more times to run the steps from the top while nobody acknowledges.',
    }),
    repeat_after: durationSchema.optional().meta({
      description:
        'Pause between the last step and the next round; one `respond_within` of the severity when omitted.',
    }),
  })
  .superRefine((policy, ctx) => {
    let previous = -1;
    policy.steps.forEach((step, i) => {
      if (step.after === undefined) return;
      if (i === 0 && step.after > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', 0, 'after'],
          message: 'the first step pages at once: leave out after (or 0s)',
          input: step.after,
        });
      else if (step.after <= previous)
        ctx.addIssue({
          code: 'custom',
          path: ['steps', i, 'after'],
          message:
            'after counts from the incident’s start and must be later than the previous step’s',
          input: step.after,
        });
      previous = step.after;
    });
  })
  .meta({ description: 'One escalation policy.' });

export const escalationPoliciesSchema = idMap(escalationPolicySchema)
  .default({})
  .meta({ description: 'Escalation policies by id (e.g. `default`).' });
