/** Teams group people; services point at the team that runs them. */
import { z } from 'zod';
import { idMap, refSchema } from './primitives.js';

export const teamSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({ description: 'Display name; the id when omitted.' }),
    description: z.string().optional().meta({ description: 'What the team does.' }),
    members: z
      .array(refSchema('person'))
      .meta({ description: 'Ids of the people in the team (from `people`).' }),
    lead: refSchema('person').optional().meta({
      description: 'Id of the team lead (from `people`), the escalation step after on-call.',
    }),
  })
  .meta({ description: 'One team.' });

export const teamsSchema = idMap(teamSchema)
  .default({})
  .meta({ description: 'Teams by id (e.g. `sre`).' });
