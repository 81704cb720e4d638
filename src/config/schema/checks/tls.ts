/** `tls` checks: certificate expiry, host name and chain of a TLS endpoint. */
import { z } from 'zod';
import { hostSchema, portSchema } from './common.js';

export const tlsCheckSchema = z
  .strictObject({
    host: hostSchema.meta({ description: 'Host to connect to.' }),
    port: portSchema.default(443).meta({ description: 'TLS port.' }),
    servername: z
      .string()
      .optional()
      .meta({ description: 'SNI name and the name the certificate must match (default: host).' }),
    warn_days: z
      .number()
      .min(0)
      .default(30)
      .meta({ description: 'Fewer days left than this is degraded.' }),
    fail_days: z.number().min(0).default(7).meta({
      description: 'Fewer days left than this is down (the handbooks: "SSL expiring < 7 days").',
    }),
    verify_chain: z
      .boolean()
      .default(true)
      .meta({ description: 'Require a chain to a trusted CA.' }),
    verify_hostname: z
      .boolean()
      .default(true)
      .meta({ description: 'Require the certificate to match the name.' }),
    ca: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Extra trusted CA (PEM file, relative to the YAML file).' }),
  })
  .meta({
    title: 'tls',
    description: 'A TLS handshake judged on certificate expiry, name and chain.',
  });
