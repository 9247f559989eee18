import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The arrows between the layers (docs/architecture.md): the domain imports
 * only itself, its ports included, and the dependency-free codes it shares
 * with clients (server/api); adapters import the domain, never the reverse.
 * Specs and test helpers of the domain may reach the adapters they test with.
 */
const SERVER = dirname(fileURLToPath(import.meta.url));

/** Packages of Unicode data that the name rules read: data, not infrastructure. */
const DOMAIN_PACKAGES = new Set(['unhomoglyph', 'unicode-name']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1]!);
}

/** Where an import leads: a folder of server/ for relative ones, else the package name. */
function destination(file: string, specifier: string): string {
  if (!specifier.startsWith('.'))
    return specifier.startsWith('node:')
      ? 'node'
      : specifier
          .split('/')
          .slice(0, specifier.startsWith('@') ? 2 : 1)
          .join('/');
  return relative(SERVER, resolve(dirname(file), specifier));
}

const isTestCode = (file: string) => file.endsWith('.spec.ts') || file.includes(`${join('domain', 'testing')}`);

describe('the layers of the server', () => {
  it('should keep the domain free of everything outside it but its shared codes and Unicode data', () => {
    const offences: string[] = [];
    for (const file of sourceFiles(join(SERVER, 'domain')).filter((f) => !isTestCode(f)))
      for (const specifier of importsOf(file)) {
        const to = destination(file, specifier);
        const allowed =
          to === 'node' ||
          builtinModules.includes(to) ||
          DOMAIN_PACKAGES.has(to) ||
          to.startsWith(`domain${'/'}`) ||
          to.startsWith(`api${'/'}`);
        if (!allowed) offences.push(`${relative(SERVER, file)} imports ${specifier}`);
      }
    expect(offences).toEqual([]);
  });

  it('should keep the shared codes free of any import, so that the web app can take them as they are', () => {
    for (const file of sourceFiles(join(SERVER, 'api')).filter((f) => !f.endsWith('.spec.ts'))) expect(importsOf(file)).toEqual([]);
  });

  it('should keep the adapters from reaching into the schema or the transports', () => {
    const offences: string[] = [];
    for (const layer of ['store', 'events'])
      for (const file of sourceFiles(join(SERVER, layer)).filter((f) => !f.endsWith('.spec.ts')))
        for (const specifier of importsOf(file)) {
          const to = destination(file, specifier);
          if (to.startsWith('schema/') || to.startsWith('transport/')) offences.push(`${relative(SERVER, file)} imports ${specifier}`);
        }
    expect(offences).toEqual([]);
  });
});
