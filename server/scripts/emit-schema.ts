/**
 * Writes schema.graphql at the project root from the type-graphql classes.
 * `npm run schema` after any change to server/schema; a test fails when the
 * committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printChatSchema } from '../schema/print-schema.js';

const target = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
writeFileSync(target, await printChatSchema());
console.log(`Wrote ${target}`);
