import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from '../logger.js';
import type { NodeHandler } from './http.js';

/**
 * The built web app (SvelteKit's adapter-node output), mounted on the API's
 * port. Null when it has not been built, so the API still runs on its own.
 */
export async function loadWebHandler(buildDir: string, log: Logger): Promise<NodeHandler | null> {
  const entry = join(buildDir, 'handler.js');
  if (!existsSync(entry)) {
    log.warn({ buildDir }, 'web app not built: serving the API only (run `npm run build`)');
    return null;
  }
  const { handler } = (await import(pathToFileURL(entry).href)) as { handler: NodeHandler };
  return handler;
}
