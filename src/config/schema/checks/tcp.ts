/** `tcp` checks: a connection, optionally a message and an expected reply. */
import { z } from 'zod';
import { hostSchema, portSchema } from './common.js';

export const tcpCheckSchema = z
  .strictObject({
    host: hostSchema.meta({ description: 'Host to connect to.' }),
    port: portSchema.meta({ description: 'TCP port.' }),
    tls: z.boolean().default(false).meta({ description: 'Wrap the connection in TLS.' }),
    send: z
      .string()
      .optional()
      .meta({ description: 'Text sent once connected (\\n and \\r\\n are kept as written).' }),
    expect: z.string().optional().meta({
      description:
        'Text the reply must contain (read until it does, the connection closes, or the timeout).',
    }),
  })
  .meta({ title: 'tcp', description: 'A TCP connection, optionally a send/expect exchange.' });
