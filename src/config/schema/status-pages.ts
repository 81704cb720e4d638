/**
 * `status_pages`: public pages at `/status/<slug>` showing services and checks as components,
 * optionally in groups. The loader checks that components name existing services and checks
 * (`loader/status-page-references.ts`); this file checks shapes, ids and colour contrast.
 */
import { z } from 'zod';
import { httpUrlSchema, refSchema, secretSchema, timeZoneSchema } from './primitives.js';

/** `#rgb` or `#rrggbb` as [r, g, b] in 0..255. */
export function parseHexColour(hex: string): [number, number, number] {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG 2 contrast ratio of two colours, 1..21. */
export function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const lum = (rgb: [number, number, number]) => {
    const [r, g, bl] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** A component's default id: its service id, or `service-check`, as a slug. */
export function componentIdOf(c: { service?: string | undefined; check?: string | undefined }) {
  const base = c.service ?? c.check?.replace('/', '-');
  return base?.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

export const SLUG_PATTERN = '^[a-z0-9][a-z0-9-]*$';
const SLUG_MESSAGE = "expected a slug (lowercase letters, digits and '-', not starting with '-')";

const slugSchema = z
  .string({ error: SLUG_MESSAGE })
  .regex(new RegExp(SLUG_PATTERN), { error: SLUG_MESSAGE })
  .max(64, { error: 'must be at most 64 characters long' })
  .meta({ title: 'slug' });

const COLOUR_MESSAGE = 'expected a colour like #0b5fff or #fff';
const colourSchema = z
  .string({ error: COLOUR_MESSAGE })
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, { error: COLOUR_MESSAGE })
  .meta({ title: 'colour' });

/** Defaults chosen for ≥ 4.5:1 text contrast and ≥ 3:1 for status marks on white. */
export const DEFAULT_STATUS_COLOURS = {
  background: '#ffffff',
  text: '#1f2328',
  accent: '#0550ae',
  operational: '#1a7f37',
  degraded_performance: '#9a6700',
  partial_outage: '#bc4c00',
  major_outage: '#cf222e',
  under_maintenance: '#0969da',
} as const;

type ColourName = keyof typeof DEFAULT_STATUS_COLOURS;
const colourField = (name: ColourName, what: string) =>
  colourSchema.default(DEFAULT_STATUS_COLOURS[name]).meta({
    description: `${what} (default ${DEFAULT_STATUS_COLOURS[name]}).`,
  });

const coloursSchema = z
  .strictObject({
    background: colourField('background', 'Page background'),
    text: colourField('text', 'Text; needs 4.5:1 contrast with the background'),
    accent: colourField('accent', 'Links and the title bar; needs 4.5:1 with the background'),
    operational: colourField('operational', 'Operational marks; needs 3:1 with the background'),
    degraded_performance: colourField('degraded_performance', 'Degraded performance marks'),
    partial_outage: colourField('partial_outage', 'Partial outage marks'),
    major_outage: colourField('major_outage', 'Major outage marks'),
    under_maintenance: colourField('under_maintenance', 'Maintenance marks'),
  })
  .superRefine((c, ctx) => {
    const bg = parseHexColour(c.background);
    const need = (field: ColourName, min: number, why: string) => {
      const ratio = contrastRatio(parseHexColour(c[field]), bg);
      if (ratio < min)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          input: c[field],
          message: `contrast with the background (${c.background}) is ${ratio.toFixed(2)}:1; ${why} needs at least ${min}:1`,
        });
    };
    need('text', 4.5, 'text');
    need('accent', 4.5, 'link text');
    for (const f of [
      'operational',
      'degraded_performance',
      'partial_outage',
      'major_outage',
      'under_maintenance',
    ] as const)
      need(f, 3, 'a status mark');
  })
  .prefault({})
  .meta({ description: 'Colours (#rgb or #rrggbb); contrast with the background is checked.' });

const componentFields = {
  service: refSchema('service')
    .optional()
    .meta({ description: 'A service (from `services`): its status sums up all its checks.' }),
  check: z
    .string({ error: 'expected a check as service/check' })
    .regex(/^[A-Za-z][A-Za-z0-9_-]*\/[A-Za-z][A-Za-z0-9_-]*$/, {
      error: 'expected a check as service/check, e.g. api/health',
    })
    .optional()
    .meta({
      title: 'check key',
      description: 'One check, as `service/check` (e.g. `api/health`).',
    }),
  id: slugSchema.optional().meta({
    description:
      'Id in URLs (badges) and JSON; default: the service id, or `service-check` for a check.',
  }),
  name: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: 'Name shown; default: the service name, or the check key.' }),
  description: z.string().max(500).optional().meta({ description: 'Shown under the name.' }),
  only_show_if_degraded: z
    .boolean()
    .default(false)
    .meta({ description: 'Hide the component while it is operational.' }),
};

function exactlyOneTarget(c: { service?: unknown; check?: unknown }, ctx: z.RefinementCtx) {
  if ((c.service === undefined) === (c.check === undefined))
    ctx.addIssue({
      code: 'custom',
      input: c,
      message: 'set exactly one of `service` (a service id) or `check` (service/check)',
    });
}

const componentSchema = z
  .strictObject(componentFields)
  .superRefine(exactlyOneTarget)
  .meta({ description: 'A component: one service or one check.' });

const entrySchema = z
  .strictObject({
    ...componentFields,
    group: z.string().min(1).max(100).optional().meta({
      description: 'A group of components, by its heading (instead of `service`/`check`).',
    }),
    components: z.array(componentSchema).min(1).optional().meta({
      description: "The group's components (groups do not nest).",
    }),
  })
  .superRefine((e, ctx) => {
    if (e.group === undefined) {
      if (e.components !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['components'],
          input: e.components,
          message: 'only a group (`group: Heading`) has components',
        });
      exactlyOneTarget(e, ctx);
    } else if (e.components === undefined)
      ctx.addIssue({ code: 'custom', input: e, message: 'a group needs `components`' });
    else if (e.service !== undefined || e.check !== undefined)
      ctx.addIssue({
        code: 'custom',
        input: e,
        message: 'a group has `components`, not its own `service` or `check`',
      });
  })
  .meta({ description: 'A component, or a group of components.' });

export const statusPageSchema = z
  .strictObject({
    title: z.string().min(1).max(120).meta({ description: 'Page title, e.g. "Acme status".' }),
    description: z.string().max(1000).optional().meta({ description: 'Shown under the title.' }),
    logo: httpUrlSchema.optional().meta({ description: 'Logo image URL (http or https).' }),
    time_zone: timeZoneSchema.default('UTC').meta({
      description: 'IANA time zone for the dates shown (default UTC; daily bars are UTC days).',
    }),
    password: secretSchema(8)
      .optional()
      .meta({ description: 'Protects the page, its feed, JSON and badges; use `${ENV}`.' }),
    colours: coloursSchema,
    components: z.array(entrySchema).min(1, { error: 'needs at least one component' }).meta({
      description: 'What the page shows, in order: services, checks, and groups of them.',
    }),
  })
  .meta({ description: 'One public status page.' });

export const statusPagesSchema = z
  .record(slugSchema, statusPageSchema)
  .default({})
  .meta({ description: 'Public status pages by slug, served at `/status/<slug>`.' });
