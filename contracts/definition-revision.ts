/**
 * A content hash of a campaign definition, the same in the workflow sandbox and in an activity:
 * the campaign passes it to the launch activity instead of the definition itself (427 KB for
 * 3,000 units × 30 obligations, in every batch's history events), and the activity keys its
 * cache of the definition it read from the campaign by it. Pure JavaScript, no crypto module:
 * it only has to tell two versions of one campaign's definition apart, not resist an attacker.
 */
export function definitionRevision(definition: unknown): string {
  const text = JSON.stringify(definition) ?? '';
  // Two 32-bit FNV-1a lanes with different offsets: a 64-bit key, plus the length.
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    first = Math.imul(first ^ code, 0x01000193);
    second = Math.imul(second ^ code, 0x5bd1e995) ^ (second >>> 15);
  }
  const hex = (value: number) => (value >>> 0).toString(16).padStart(8, '0');
  return `${text.length.toString(36)}-${hex(first)}${hex(second)}`;
}
