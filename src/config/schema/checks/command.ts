/** `command` checks: run a program (never through a shell); exit 0 is up. */
import { z } from 'zod';
import { byteSizeSchema, stringMapSchema } from '../primitives.js';

export const commandCheckSchema = z
  .strictObject({
    run: z
      .array(z.string())
      .min(1, { error: 'expected the program and its arguments, e.g. [pg_isready, -h, db]' })
      .meta({ description: 'Program and arguments, run directly with no shell.' }),
    cwd: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'Working directory, relative to the YAML file.' }),
    env: stringMapSchema.default({}).meta({ description: 'Extra environment variables.' }),
    max_output: byteSizeSchema
      .prefault('64KiB')
      .meta({ description: 'Most of stdout + stderr kept per run.' }),
  })
  .meta({ title: 'command', description: 'A program run to completion; exit status 0 is up.' });
