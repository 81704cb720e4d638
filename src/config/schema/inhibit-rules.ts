/**
 * `inhibit_rules`: while an alert matching `source_matchers` fires, alerts matching
 * `target_matchers` with the same values for the `equal` labels are muted (Alertmanager's
 * `inhibit_rules`, new-style matchers only).
 */
import { z } from 'zod';
import { labelNameSchema, matcherSchema } from './routes.js';

export const inhibitRuleSchema = z
  .strictObject({
    source_matchers: z
      .array(matcherSchema)
      .min(1, { error: 'needs at least one matcher: an empty source would match every alert' })
      .meta({ description: 'Matchers selecting the alerts that inhibit, e.g. `severity="P0"`.' }),
    target_matchers: z
      .array(matcherSchema)
      .min(1, { error: 'needs at least one matcher: an empty target would mute every alert' })
      .meta({ description: 'Matchers selecting the alerts that get muted.' }),
    equal: z.array(labelNameSchema).default([]).meta({
      description:
        'Labels whose values must be the same in source and target (a missing label counts as empty).',
    }),
  })
  .meta({ description: 'One inhibition rule.' });

export const inhibitRulesSchema = z
  .array(inhibitRuleSchema)
  .default([])
  .meta({ description: "Inhibition rules (Alertmanager's `inhibit_rules`)." });
