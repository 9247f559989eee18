import { nameSkeleton } from '../domain/text-rules.js';

/**
 * For the migration that introduced skeletons: each existing name gets its
 * skeleton, and the oldest of names that look alike holds it (its claim key),
 * so new claims of a look-alike are refused while every existing name stays.
 */
export function assignNameSkeletons<Id>(
  rows: readonly { id: Id; name: string }[],
): { id: Id; skeleton: string; claimKey: string | null }[] {
  const claimed = new Set<string>();
  return rows.map(({ id, name }) => {
    const skeleton = nameSkeleton(name);
    const claimKey = claimed.has(skeleton) ? null : skeleton;
    claimed.add(skeleton);
    return { id, skeleton, claimKey };
  });
}
