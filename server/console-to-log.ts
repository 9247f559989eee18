import { format } from 'node:util';
import type { Logger } from './logger.js';

const LEVELS = { debug: 'debug', trace: 'trace', log: 'info', info: 'info', warn: 'warn', error: 'error' } as const;

/**
 * Sends what libraries write to the console (SvelteKit's handler on an error
 * in a page, graphql-ws, anything else) through the logger, so that every
 * line on stdout is one JSON entry that log collectors can parse, and the
 * redaction rules apply to it too. Installed once, at start-up, by main.ts.
 */
export function routeConsoleToLog(log: Logger): void {
  const consoleLog = log.child({ source: 'console' });
  for (const [method, level] of Object.entries(LEVELS) as [keyof typeof LEVELS, (typeof LEVELS)[keyof typeof LEVELS]][]) {
    console[method] = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const rest = error ? args.filter((arg) => arg !== error) : args;
      const message = rest.length > 0 ? format(...rest) : (error?.message ?? '');
      if (error) consoleLog[level]({ err: error }, message);
      else consoleLog[level](message);
    };
  }
}
