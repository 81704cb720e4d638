/** `redis` checks: PING over RESP, after AUTH when the URL carries credentials. */
import { z } from 'zod';
import { secretSchema } from '../primitives.js';

export const redisCheckSchema = z
  .strictObject({
    url: secretSchema()
      .refine((v) => /^rediss?:\/\//.test(v), { error: 'must be a redis:// or rediss:// URL' })
      .meta({
        description:
          'redis://[user:password@]host[:port]; rediss:// for TLS; use `${ENV}` for the password.',
      }),
  })
  .meta({ title: 'redis', description: 'A Redis PING (AUTH first when credentials are given).' });
