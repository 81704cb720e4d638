/**
 * Cross-references of `status_pages`: components name existing services and checks, and
 * component ids (explicit or derived) are unique within their page, since badge URLs and the
 * JSON summary address components by id.
 */
import { didYouMean } from './describe.js';
import { formatPath, type Path } from './paths.js';
import { isRawMap, mapEntries } from './raw.js';
import { componentIdOf } from '../schema/status-pages.js';
import { checkRef, report, type Ctx } from './references.js';

function checkCheckRef(ctx: Ctx, path: Path, key: string): void {
  const [service, name] = key.split('/') as [string, string];
  const services = isRawMap(ctx.data) ? ctx.data.services : undefined;
  const svc = isRawMap(services) ? services[service] : undefined;
  if (!isRawMap(svc)) {
    const ids = isRawMap(services) ? Object.keys(services) : [];
    report(
      ctx,
      path,
      `unknown service '${service}' in check '${key}': not defined under services${didYouMean(service, ids)}`,
    );
    return;
  }
  const checks = isRawMap(svc.checks) ? Object.keys(svc.checks) : [];
  if (!checks.includes(name))
    report(
      ctx,
      path,
      `unknown check '${key}': service '${service}' has no check '${name}'${didYouMean(name, checks)}`,
    );
}

export function checkStatusPageReferences(ctx: Ctx): void {
  for (const [slug, page] of mapEntries(ctx.data, 'status_pages')) {
    const seen = new Map<string, string>();
    const visit = (c: unknown, path: Path) => {
      if (!isRawMap(c)) return;
      if (Array.isArray(c.components))
        c.components.forEach((child, i) => visit(child, [...path, 'components', i]));
      if (typeof c.service === 'string')
        checkRef(ctx, [...path, 'service'], c.service, 'service', 'services');
      if (typeof c.check === 'string' && c.check.includes('/'))
        checkCheckRef(ctx, [...path, 'check'], c.check);
      if (c.group !== undefined) return;
      const id =
        typeof c.id === 'string'
          ? c.id
          : componentIdOf({
              service: typeof c.service === 'string' ? c.service : undefined,
              check: typeof c.check === 'string' ? c.check : undefined,
            });
      if (id === undefined) return;
      const where = formatPath(path);
      const first = seen.get(id);
      if (first === undefined) seen.set(id, where);
      else {
        const field =
          typeof c.id === 'string' ? 'id' : c.service !== undefined ? 'service' : 'check';
        report(
          ctx,
          [...path, field],
          `component id '${id}' is already used on this page (at ${first}); give one an \`id\``,
        );
      }
    };
    if (Array.isArray(page.components))
      page.components.forEach((c, i) => visit(c, ['status_pages', slug, 'components', i]));
  }
}
