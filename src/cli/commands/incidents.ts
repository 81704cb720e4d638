/**
 * `opsdeck incidents …`, `opsdeck ack`, `opsdeck resolve`: incidents of a running server,
 * through /api/v1/incidents. One file per concern under `incidents/`; this one assembles them
 * in the order `--help` lists them.
 */
import type { Command } from 'commander';
import { registerDeclare } from './incidents/declare.js';
import { registerList } from './incidents/list.js';
import { registerNotes } from './incidents/notes.js';
import { registerShow } from './incidents/show.js';
import { registerVerbs } from './incidents/verbs.js';

export { renderIncidents } from './incidents/list.js';

export function registerIncidentCommands(program: Command): void {
  const incidents = program
    .command('incidents')
    .description('list, show, declare and work incidents of a running server');
  registerList(incidents);
  registerShow(incidents);
  registerDeclare(incidents);
  registerVerbs(program, incidents);
  registerNotes(incidents);
}
