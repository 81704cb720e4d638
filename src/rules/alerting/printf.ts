/** A small Go `fmt.Sprintf` for one operand: %v %s %d %f %e %g with width/precision, and %%. */
import { goFloat, goG } from './format.js';

function formatOne(verb: string, precision: number | undefined, arg: number | string): string {
  if (typeof arg === 'string' && verb !== 's' && verb !== 'v') {
    const n = Number(arg);
    if (arg.trim() === '' || Number.isNaN(n)) return `%!${verb}(string=${arg})`;
    arg = n;
  }
  if (typeof arg === 'string') return precision === undefined ? arg : arg.slice(0, precision);
  if (!Number.isFinite(arg) && verb !== 'd') return goFloat(arg);
  switch (verb) {
    case 'd':
      return Number.isInteger(arg) ? String(arg) : `%!d(float64=${goFloat(arg)})`;
    case 'f':
      return arg.toFixed(precision ?? 6);
    case 'e': {
      const [m, e] = arg.toExponential(precision ?? 6).split('e') as [string, string];
      const n = Number(e);
      return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
    }
    case 'g':
      return goG(arg, precision);
    default:
      return goFloat(arg);
  }
}

export function goPrintf(format: string, arg: number | string): string {
  let used = false;
  return format.replace(
    /%(-?)(\d*)(?:\.(\d+))?([vsdfeg%])/g,
    (_all, left: string, width: string, prec: string | undefined, verb: string) => {
      if (verb === '%') return '%';
      if (used) return `%!${verb}(MISSING)`;
      used = true;
      const text = formatOne(verb, prec === undefined ? undefined : Number(prec), arg);
      const w = Number(width || 0);
      return left ? text.padEnd(w) : text.padStart(w);
    },
  );
}
