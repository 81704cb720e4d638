import type { Command } from 'commander';
import { formatIssue } from '../../config/loader/issue.js';
import { ExitCode, printError } from '../output.js';

export function registerConfigCommands(program: Command): void {
  program
    .command('validate')
    .description(
      'check config files or folders; prints file:line:col: path: message per problem (warnings too, on stderr), exits 0 or 1',
    )
    .argument('<paths...>', 'config files or folders (each validated on its own)')
    .action(async (paths: string[]) => {
      const { loadConfig } = await import('../../config/index.js');
      let failed = 0;
      for (const path of paths) {
        try {
          const {
            config,
            files,
            warnings = [],
          } = await loadConfig(path, process.env, { warnings: true });
          const count = Object.keys(config.services).length;
          process.stdout.write(
            `${path}: ok (${files.length} file${files.length === 1 ? '' : 's'}, ${count} service${count === 1 ? '' : 's'})\n`,
          );
          // Warnings (schedule gaps ahead) do not fail validation: a gap can be on purpose.
          for (const w of warnings)
            process.stderr.write(formatIssue({ ...w, message: `warning: ${w.message}` }) + '\n');
        } catch (error) {
          failed++;
          printError(error);
        }
      }
      if (failed > 0) throw new ExitCode(1);
    });

  program
    .command('schema')
    .description('print the JSON Schema (2020-12) of the config, for editors and CI')
    .action(async () => {
      const { opsJsonSchema } = await import('../../config/index.js');
      process.stdout.write(JSON.stringify(opsJsonSchema(), null, 2) + '\n');
    });
}
