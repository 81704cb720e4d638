/**
 * Validates merged data against the zod schema and turns zod's issues into `ConfigIssue`s with
 * file positions, human wording, "did you mean" hints and secret-safe "got …" descriptions.
 */
import { z } from 'zod';
import { opsConfigSchema, type OpsConfig } from '../schema/index.js';
import { describeValue, didYouMean } from './describe.js';
import type { ConfigIssue, Loc } from './issue.js';
import { zodMessage } from './messages.js';
import { formatPath, toPath, valueAt, type Path } from './paths.js';
import type { SourceNode } from './source-map.js';

/** The result of schema validation: the parsed config, or the issues found. */
export type SchemaResult =
  { config: OpsConfig; issues: [] } | { config?: undefined; issues: ConfigIssue[] };

/** The allowed discriminator values of a discriminated union's issue, if it has them. */
function unionOptions(issue: z.core.$ZodIssueInvalidUnion): readonly unknown[] | undefined {
  return 'options' in issue ? issue.options : undefined;
}

class Translator {
  constructor(
    private readonly data: unknown,
    private readonly source: SourceNode,
    private readonly fallback: Loc,
    /** Allowed keys of each object that reported unknown keys, by printed path. */
    private readonly allowedKeys: Map<string, string[]>,
  ) {}

  issue(path: Path, message: string, prefer: 'key' | 'value' = 'value'): ConfigIssue {
    const loc = this.source.locate(path, prefer) ?? this.fallback;
    return { ...loc, path: formatPath(path), message };
  }

  /** Appends ", got …" to "expected …" messages when there is a value to describe. */
  got(message: string, path: Path, hint = ''): string {
    const value = valueAt(this.data, path);
    if (!message.startsWith('expected ') || value === undefined) return message + hint;
    return `${message}, got ${describeValue(value, this.source.find(path)?.origin)}${hint}`;
  }

  translate(zodIssue: z.core.$ZodIssue): ConfigIssue[] {
    const path = toPath(zodIssue.path);
    const value = valueAt(this.data, path);
    switch (zodIssue.code) {
      case 'unrecognized_keys': {
        const allowed = this.allowedKeys.get(formatPath(path)) ?? [];
        return zodIssue.keys.map((key) =>
          this.issue([...path, key], `unknown key '${key}'${didYouMean(key, allowed)}`, 'key'),
        );
      }
      case 'invalid_key': {
        const reason = zodIssue.issues[0]?.message ?? 'invalid key';
        const key = path[path.length - 1];
        return [this.issue(path, `${reason}, got '${String(key)}'`, 'key')];
      }
      case 'invalid_union':
      case 'invalid_value': {
        const options =
          zodIssue.code === 'invalid_value' ? zodIssue.values : unionOptions(zodIssue);
        if (value === undefined) return [this.issue(path, 'missing required field')];
        const hint =
          typeof value === 'string' && options ? didYouMean(value, options.map(String)) : '';
        return [this.issue(path, this.got(zodIssue.message, path, hint))];
      }
      case 'invalid_type':
        if (value === undefined) return [this.issue(path, 'missing required field')];
        return [this.issue(path, this.got(zodIssue.message, path))];
      default:
        return [this.issue(path, this.got(zodIssue.message, path))];
    }
  }
}

/** Validates `data` (the merged YAML) and maps every problem to a position in `source`. */
export function validateSchema(data: unknown, source: SourceNode, fallback: Loc): SchemaResult {
  const allowedKeys = new Map<string, string[]>();
  const result = opsConfigSchema.safeParse(data, {
    error: (issue) => {
      // Final issues lose the schema that raised them, so note the allowed keys now.
      if (issue.code === 'unrecognized_keys' && issue.inst instanceof z.ZodObject) {
        allowedKeys.set(formatPath(toPath(issue.path ?? [])), Object.keys(issue.inst.shape));
      }
      return zodMessage(issue);
    },
  });
  if (result.success) return { config: result.data, issues: [] };
  const translator = new Translator(data, source, fallback, allowedKeys);
  const seen = new Set<string>();
  const issues: ConfigIssue[] = [];
  for (const issue of result.error.issues.flatMap((i) => translator.translate(i))) {
    const key = `${issue.path}\0${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return { issues };
}
