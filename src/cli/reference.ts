import type { Command, Option } from 'commander';
import { buildProgram } from './program.js';

/** README region holding the generated CLI reference. */
export const CLI_REFERENCE_REGION = 'cli-reference';

function optionLine(option: Option): string {
  const extras: string[] = [];
  if (option.envVar) extras.push(`env \`${option.envVar}\``);
  if (option.defaultValue !== undefined) extras.push(`default \`${String(option.defaultValue)}\``);
  if (option.mandatory) extras.push('required');
  const suffix = extras.length ? ` (${extras.join(', ')})` : '';
  return `- \`${option.flags}\`: ${option.description}${suffix}`;
}

function usage(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return `${names.join(' ')} ${command.usage()}`.trim();
}

function renderCommand(command: Command, depth: number, out: string[]): void {
  out.push(`${'#'.repeat(depth)} \`${usage(command)}\``, '', `${command.description()}.`, '');
  const options = command.options.filter((o) => o.long !== '--help');
  if (options.length) out.push(...options.map(optionLine), '');
  for (const sub of command.commands as Command[]) renderCommand(sub, depth + 1, out);
}

/** Markdown reference of every command, generated from the commander tree itself. */
export function renderCliReference(): string {
  const program = buildProgram();
  const out: string[] = [];
  for (const command of program.commands as Command[]) renderCommand(command, 3, out);
  return out.join('\n').trim() + '\n';
}
