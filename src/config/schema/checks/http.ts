/** `http` checks: one request, then assertions on status, latency, headers and body. */
import { z } from 'zod';
import { parseJsonAssertion } from '../../../lib/json-assertion.js';
import {
  byteSizeSchema,
  durationSchema,
  httpUrlSchema,
  parsedString,
  secretSchema,
  stringMapSchema,
  thrownBy,
} from '../primitives.js';

const STATUS_MESSAGE = 'expected a status code (200), a class (2xx) or a range (200-299)';

/** One accepted status: `200`, `"2xx"` or `"200-299"`; parsed to an inclusive [low, high]. */
const statusSchema = z
  .union([z.int(), z.string()], { error: STATUS_MESSAGE })
  .transform((value, ctx): [number, number] => {
    const range = parseStatus(String(value));
    if (range) return range;
    ctx.issues.push({ code: 'custom', message: STATUS_MESSAGE, input: value });
    return z.NEVER;
  })
  .meta({ title: 'status' });

function parseStatus(text: string): [number, number] | undefined {
  let m = /^([1-5])xx$/i.exec(text);
  if (m) return [Number(m[1]) * 100, Number(m[1]) * 100 + 99];
  m = /^([1-5][0-9]{2})(?:-([1-5][0-9]{2}))?$/.exec(text);
  if (!m) return undefined;
  const low = Number(m[1]);
  const high = m[2] === undefined ? low : Number(m[2]);
  return low <= high ? [low, high] : undefined;
}

const jsonAssertionSchema = parsedString(
  'JSON assertion',
  (text) => {
    const parsed = parseJsonAssertion(text);
    return 'error' in parsed ? parsed.error : undefined;
  },
  'expected an assertion like $.status == "ok"',
);

const regexSchema = parsedString(
  'regular expression',
  thrownBy('invalid regular expression', (text) => new RegExp(text)),
);

const pathSchema = z.string().min(1).meta({ title: 'path' });

export const httpCheckSchema = z
  .strictObject({
    url: httpUrlSchema.meta({ description: 'URL to request.' }),
    method: z
      .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      .default('GET')
      .meta({ description: 'HTTP method.' }),
    headers: stringMapSchema.default({}).meta({ description: 'Request headers.' }),
    body: z.string().optional().meta({ description: 'Request body.' }),
    auth: z
      .union([
        z
          .strictObject({
            basic: z
              .strictObject({
                username: z.string().meta({ description: 'User name.' }),
                password: secretSchema().meta({ description: 'Password; use `${ENV}`.' }),
              })
              .meta({ description: 'HTTP basic authentication.' }),
          })
          .meta({ title: 'basic auth' }),
        z
          .strictObject({
            bearer: secretSchema().meta({ description: 'Bearer token; use `${ENV}`.' }),
          })
          .meta({ title: 'bearer token' }),
      ])
      .optional()
      .meta({
        description:
          'Authentication: `{basic: {username, password}}` or `{bearer: token}`; use `${ENV}` for secrets.',
      }),
    follow_redirects: z
      .boolean()
      .default(true)
      .meta({ description: 'Follow up to 10 redirects; false judges the redirect itself.' }),
    tls: z
      .strictObject({
        verify: z
          .boolean()
          .default(true)
          .meta({ description: 'Verify the server certificate and host name.' }),
        ca: pathSchema.optional().meta({ description: 'Extra CA certificate (PEM file).' }),
        cert: pathSchema.optional().meta({ description: 'Client certificate (PEM file).' }),
        key: pathSchema.optional().meta({ description: 'Client private key (PEM file).' }),
      })
      .prefault({})
      .meta({
        description: 'TLS settings for https URLs. File paths are relative to the YAML file.',
      }),
    max_body: byteSizeSchema
      .prefault('64KiB')
      .meta({ description: 'Most of the response body read for body assertions.' }),
    expect: z
      .strictObject({
        status: z
          .array(statusSchema)
          .min(1)
          .prefault(['200-399'])
          .meta({ description: 'Accepted status codes, classes or ranges (default 200-399).' }),
        body_contains: z
          .union([z.string(), z.array(z.string())])
          .transform((v) => (typeof v === 'string' ? [v] : v))
          .optional()
          .meta({ description: 'Text (or texts) the body must contain.' }),
        body_matches: regexSchema
          .optional()
          .meta({ description: 'Regular expression the body must match.' }),
        json: z.array(jsonAssertionSchema).default([]).meta({
          description:
            'Assertions on the JSON body: `$.status == "ok"`, `$.queue.depth < 100`, `$.version` (exists), `!$.error` (absent). Operators: == != < <= > >=.',
        }),
        headers: stringMapSchema.default({}).meta({
          description:
            'Response headers that must contain the given text; `/regex/` to match a regular expression instead.',
        }),
        max_latency: durationSchema
          .optional()
          .meta({ description: 'Slower than this (total time) is down.' }),
        degraded_latency: durationSchema
          .optional()
          .meta({ description: 'Slower than this (total time) is degraded.' }),
      })
      .prefault({})
      .meta({ description: 'What a good response looks like.' }),
  })
  .meta({ title: 'http', description: 'An HTTP(S) request and assertions on its response.' });
