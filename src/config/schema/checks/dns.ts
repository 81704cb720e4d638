/** `dns` checks: one query to a resolver, judged on the answer code and values. */
import { z } from 'zod';

export const DNS_RECORD_TYPES = [
  'A',
  'AAAA',
  'CNAME',
  'MX',
  'NS',
  'TXT',
  'SRV',
  'SOA',
  'CAA',
  'PTR',
] as const;
export const DNS_RCODES = ['NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED'] as const;

export const dnsCheckSchema = z
  .strictObject({
    name: z.string().min(1).meta({ description: 'Name to resolve, e.g. api.example.com.' }),
    type: z.enum(DNS_RECORD_TYPES).default('A').meta({ description: 'Record type.' }),
    resolver: z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[0-9.]+|[0-9a-fA-F:]+)(:[0-9]{1,5})?$/, {
        error:
          'expected a resolver IP address, optionally with :port (e.g. 1.1.1.1 or 127.0.0.1:5353)',
      })
      .optional()
      .meta({ description: 'Resolver to ask (IP[:port]); the system resolvers when omitted.' }),
    expect: z
      .strictObject({
        rcode: z
          .enum(DNS_RCODES)
          .default('NOERROR')
          .meta({ description: 'Expected response code.' }),
        values: z.array(z.string()).default([]).meta({
          description:
            'Values the answer must include (addresses, targets, TXT strings; MX as "priority exchange").',
        }),
      })
      .prefault({})
      .meta({ description: 'What a good answer looks like.' }),
  })
  .meta({ title: 'dns', description: 'A DNS query and assertions on its answer.' });
