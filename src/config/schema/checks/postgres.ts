/** `postgres` checks: connect and run one query. */
import { z } from 'zod';
import { secretSchema } from '../primitives.js';

export const postgresCheckSchema = z
  .strictObject({
    url: secretSchema()
      .refine((v) => /^postgres(ql)?:\/\//.test(v), { error: 'must be a postgres:// URL' })
      .meta({
        description:
          'Connection URL (postgres://user:password@host:port/db); use `${ENV}` for the password.',
      }),
    query: z.string().min(1).default('select 1').meta({ description: 'Query to run.' }),
  })
  .meta({ title: 'postgres', description: 'A PostgreSQL connection and query.' });
