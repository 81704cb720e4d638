/**
 * `${VAR}` / `${VAR:-default}` interpolation of scalar values, docker-compose style:
 * the default applies when the variable is unset or empty, and `$${` is a literal `${`.
 */

/** A successful interpolation. */
export interface Interpolated {
  value: string;
  /** Variables referenced, in order. Empty when the text only had escapes. */
  vars: string[];
  /** True when the text was exactly one `${…}` reference (then YAML re-types the result). */
  whole: boolean;
}

/** A failed interpolation; `message` never contains a variable's value. */
export interface InterpolationError {
  error: string;
}

// `$${` (escape), or `${…}` with its closing brace optional so an unterminated one is caught.
const TOKEN = /\$\$\{|\$\{([^}]*)(\})?/g;
const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;

/** Expands references in `text` from `env`. */
export function interpolate(
  text: string,
  env: NodeJS.ProcessEnv,
): Interpolated | InterpolationError {
  const vars: string[] = [];
  let value = '';
  let last = 0;
  let references = 0;
  for (const match of text.matchAll(TOKEN)) {
    value += text.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '$${') {
      value += '${';
      continue;
    }
    const [token, body = '', closed] = match;
    if (closed === undefined) {
      return { error: "unterminated '${' (write '$${' for a literal '${')" };
    }
    const reference = REFERENCE.exec(body);
    if (!reference) {
      return {
        error: `invalid reference '${token}': expected \${NAME} or \${NAME:-default} (write '$\${' for a literal '\${')`,
      };
    }
    const [, name = '', fallback] = reference;
    const set = env[name];
    references += 1;
    vars.push(name);
    if (set !== undefined && !(set === '' && fallback !== undefined)) value += set;
    else if (fallback !== undefined) value += fallback;
    else {
      return {
        error: `environment variable \${${name}} is not set (write \${${name}:-default} to give a default)`,
      };
    }
  }
  value += text.slice(last);
  const whole = references === 1 && /^\$\{[^}]*\}$/.test(text);
  return { value, vars, whole };
}

/** Narrows an interpolation result to the error case. */
export function isInterpolationError(
  result: Interpolated | InterpolationError,
): result is InterpolationError {
  return 'error' in result;
}
