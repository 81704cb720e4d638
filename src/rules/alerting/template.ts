/**
 * The template subset for alert labels and annotations: Go-template actions over `$labels` and
 * `$value`, nothing else, so config can never run code. Supported actions (with optional `-`
 * trim markers): `{{ $labels.name }}`, `{{ $value }}`, a function applied to either
 * (`{{ humanize $value }}`, or piped: `{{ $value | humanizePercentage }}`), with functions
 * `humanize`, `humanizePercentage`, `humanizeDuration`, and `{{ printf "%.2f" $value }}`.
 * Templates are compiled at config load; anything else is a config error.
 */
import { goFloat, humanize, humanizeDuration, humanizePercentage } from './format.js';
import { goPrintf } from './printf.js';

type Operand = { kind: 'value' } | { kind: 'label'; name: string };
type Action = { operand: Operand; func: string | undefined; format: string | undefined };
export type Template = Array<string | Action>;

export interface TemplateData {
  labels: Record<string, string>;
  value: number;
}

const FUNCTIONS: Record<string, (v: number) => string> = {
  humanize,
  humanizePercentage,
  humanizeDuration,
};

const OPERAND = String.raw`(\$value|\$labels\.[a-zA-Z_][a-zA-Z0-9_]*)`;
const FUNC = String.raw`(humanize|humanizePercentage|humanizeDuration)`;
const FORMS: Array<[RegExp, (m: RegExpExecArray) => Action]> = [
  [new RegExp(`^${OPERAND}$`), (m) => action(m[1]!, undefined)],
  [new RegExp(`^${FUNC}\\s+${OPERAND}$`), (m) => action(m[2]!, m[1])],
  [new RegExp(`^${OPERAND}\\s*\\|\\s*${FUNC}$`), (m) => action(m[1]!, m[2])],
  [
    new RegExp(`^printf\\s+("(?:[^"\\\\]|\\\\.)*")\\s+${OPERAND}$`),
    (m) => ({
      ...action(m[2]!, undefined),
      format: JSON.parse(m[1]!) as string,
    }),
  ],
];

function action(operand: string, func: string | undefined): Action {
  const parsed: Operand =
    operand === '$value'
      ? { kind: 'value' }
      : { kind: 'label', name: operand.slice('$labels.'.length) };
  return { operand: parsed, func, format: undefined };
}

/** Compiles a template; throws an Error naming the unsupported action. */
export function compileTemplate(text: string): Template {
  const parts: Template = [];
  const re = /\{\{(-?)\s*(.*?)\s*(-?)\}\}/gs;
  let last = 0;
  let trimNext = false;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let literal = text.slice(last, m.index);
    if (trimNext) literal = literal.trimStart();
    if (m[1] === '-') literal = literal.trimEnd();
    if (literal) parts.push(literal);
    const body = m[2]!;
    const form = FORMS.find(([pattern]) => pattern.test(body));
    if (!form) throw new Error(`unsupported template action {{ ${body} }}`);
    parts.push(form[1](form[0].exec(body)!));
    trimNext = m[3] === '-';
    last = re.lastIndex;
  }
  let tail = text.slice(last);
  if (trimNext) tail = tail.trimStart();
  if (tail.includes('{{')) throw new Error('unclosed template action "{{"');
  if (tail) parts.push(tail);
  return parts;
}

/** Why `text` is not a valid template, or undefined (for config validation). */
export function templateProblem(text: string): string | undefined {
  try {
    compileTemplate(text);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function renderTemplate(template: Template, data: TemplateData): string {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') {
      out += part;
      continue;
    }
    const operand = part.operand;
    const raw = operand.kind === 'value' ? data.value : (data.labels[operand.name] ?? '');
    if (part.format !== undefined) out += goPrintf(part.format, raw);
    else if (part.func) out += FUNCTIONS[part.func]!(typeof raw === 'number' ? raw : Number(raw));
    else out += typeof raw === 'number' ? goFloat(raw) : raw;
  }
  return out;
}
