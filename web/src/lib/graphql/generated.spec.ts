import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../../codegen.js';

/**
 * The generated types are committed. They must be what `npm run codegen`
 * makes from the current schema.graphql and documents; otherwise the client
 * compiles against a schema the server no longer has.
 */
describe('generated GraphQL types', () => {
  it('should match what codegen makes from schema.graphql and the documents (run `npm run codegen`)', async () => {
    const outputs = await generate({ ...config, silent: true, cwd: resolve('.') }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const output of outputs) {
      const committed = readFileSync(resolve(output.filename), 'utf8');
      expect(committed, `${output.filename} is stale: run \`npm run codegen\``).toBe(output.content);
    }
  }, 60_000);
});
