import type { RecipientKind } from './obligation';

/** The first recipient kind is To, the others Cc (an address already in To is not copied again). */
export function splitRecipients(addresses: Partial<Record<RecipientKind, string[]>>, notify: RecipientKind[]): { to: string[]; cc: string[] } {
  const [toKind = 'unit-contacts', ...ccKinds] = notify.length > 0 ? notify : (['unit-contacts'] as RecipientKind[]);
  const to = addresses[toKind] ?? [];
  const cc = [...new Set(ccKinds.flatMap((kind) => addresses[kind] ?? []))].filter((address) => !to.includes(address));
  return { to, cc };
}
