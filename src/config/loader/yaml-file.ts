/** Parses one YAML file (possibly several documents) into fragments of config. */
import { LineCounter, parseAllDocuments } from 'yaml';
import type { ConfigIssue, Loc } from './issue.js';
import { SourceNode } from './source-map.js';
import { locAt, walk, type WalkContext } from './walk.js';

/** One YAML document: its data, after interpolation, and where each part of it came from. */
export interface Fragment {
  file: string;
  value: unknown;
  source: SourceNode;
  /** Where the document's content starts, for document-level errors. */
  at: Loc;
}

/** What parsing one file produced. `syntaxErrors` is true when YAML itself failed somewhere. */
export interface ParsedFile {
  fragments: Fragment[];
  issues: ConfigIssue[];
  syntaxErrors: boolean;
}

// `{` and `}` delimit flow mappings, so `{ url: ${X} }` breaks unless the value is quoted.
const FLOW_HINT = ' (inside { } or [ ], quote values that use ${VAR}: "${VAR}")';

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/\.$/, '');
}

/** Parses `text` (the contents of `file`), expanding `${VAR}` references from `env`. */
export function parseYamlFile(file: string, text: string, env: NodeJS.ProcessEnv): ParsedFile {
  const lineCounter = new LineCounter();
  // `merge: true` allows `<<: *defaults`, which people use to keep big configs short.
  // `uniqueKeys: false`: walk() reports duplicate keys itself, in linear time.
  const docs = parseAllDocuments(text, {
    lineCounter,
    merge: true,
    uniqueKeys: false,
    prettyErrors: false,
  });
  const out: ParsedFile = { fragments: [], issues: [], syntaxErrors: false };
  const expanded = new WeakMap();
  for (const doc of docs) {
    const ctx: WalkContext = { file, doc, lineCounter, env, issues: out.issues, expanded };
    const [error] = doc.errors;
    if (error) {
      // Only the first: after one syntax error yaml's recovery reports mostly echoes of it.
      out.syntaxErrors = true;
      const [offset] = error.pos;
      const hint = text.startsWith('${', offset - 1) ? FLOW_HINT : '';
      out.issues.push({
        ...locAt(ctx, offset),
        path: '',
        message: firstLine(error.message) + hint,
      });
      continue;
    }
    const source = new SourceNode();
    walk(ctx, doc.contents, [], source);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (error) {
      // yaml throws for alias bombs and unresolvable aliases; its message has no user data.
      const message = error instanceof Error ? firstLine(error.message) : 'cannot read document';
      out.issues.push({ ...(source.value ?? locAt(ctx, 0)), path: '', message });
      out.syntaxErrors = true;
      continue;
    }
    out.fragments.push({ file, value, source, at: source.value ?? locAt(ctx, 0) });
  }
  return out;
}
