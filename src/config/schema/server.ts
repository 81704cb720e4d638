/** Settings of the Opsdeck server itself. */
import { z } from 'zod';
import { byteSizeSchema, httpUrlSchema } from './primitives.js';

export const serverSchema = z
  .strictObject({
    public_url: httpUrlSchema.optional().meta({
      description:
        'URL where people reach this Opsdeck, used in links inside notifications (e.g. https://ops.example.com).',
    }),
    body_limit: byteSizeSchema.prefault('1MiB').meta({
      description:
        'Largest accepted HTTP request body, e.g. 512KiB, 1MiB or 2MB (bytes when a number).',
    }),
  })
  .prefault({})
  .meta({ description: 'Settings of the Opsdeck server.' });

/** Where links in notifications and API answers point when `public_url` is not set. */
export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8080';

/**
 * The server's public URL: `public_url`, else the default listen address; without a trailing
 * slash, so callers append `/path`.
 */
export function publicUrlOf(server: { public_url?: string | undefined }): string {
  return (server.public_url ?? DEFAULT_PUBLIC_URL).replace(/\/$/, '');
}
