import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerUp } from './commands/up.js';
import { registerConfigCommands } from './commands/config.js';
import { registerStorageCommands } from './commands/storage.js';
import { registerCheckCommands } from './commands/checks.js';
import { registerSilenceCommands } from './commands/silences.js';
import { registerAlertCommands } from './commands/alerts.js';
import { registerOncallCommands } from './commands/oncall.js';
import { registerOverrideCommands } from './commands/overrides.js';
import { registerNotificationCommands } from './commands/notifications.js';
import { registerIncidentCommands } from './commands/incidents.js';
import { registerPostmortemCommands } from './commands/postmortems.js';
import { registerReportCommands } from './commands/report.js';

/** The whole command tree; also used to generate the CLI reference in the README. */
export function buildProgram(): Command {
  const program = new Command('opsdeck')
    .description('Opsdeck: your operations handbook, executed.')
    .version(VERSION)
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  registerUp(program);
  registerConfigCommands(program);
  registerStorageCommands(program);
  registerCheckCommands(program);
  registerSilenceCommands(program);
  registerAlertCommands(program);
  registerOncallCommands(program);
  registerOverrideCommands(program);
  registerNotificationCommands(program);
  registerIncidentCommands(program);
  registerPostmortemCommands(program);
  registerReportCommands(program);
  return program;
}
