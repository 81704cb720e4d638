import { buildProgram } from './program.js';
import { ExitCode, printError } from './output.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ExitCode) process.exit(error.code);
  printError(error);
  process.exit(1);
}
