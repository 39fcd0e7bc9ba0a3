/**
 * Who is written to about a unit, by recipient kind. Pure and free of the calendar, so that the
 * campaign workflow (which writes to units about their record) uses the same addresses as the plan.
 */
import type { Definition, Recipient } from './definition/schema';

export type UnitRecipients = Record<Recipient, string[]>;

export function recipientsByUnit(definition: Definition): Map<string, UnitRecipients> {
  const unitsById = new Map(definition.units.map((unit) => [unit.id, unit]));
  // An address listed twice (a contact whose email is also the campaign's mailbox) is written to once.
  const unique = (addresses: string[]) => [...new Set(addresses)];
  const emailsOf = (unitId: string | undefined) =>
    unique((unitId ? unitsById.get(unitId)?.contacts ?? [] : []).flatMap((contact) => (contact.email ? [contact.email] : [])));
  const issuerContacts = unique([...emailsOf(definition.campaign.issuer), ...(definition.campaign.mailbox ? [definition.campaign.mailbox] : [])]);
  const supervisors = unique(definition.campaign.supervisors.flatMap((contact) => (contact.email ? [contact.email] : [])));
  // The same for every obligation of a unit: built once per unit, shared by its instances.
  return new Map(
    definition.units.map((unit) => [
      unit.id,
      { 'unit-contacts': emailsOf(unit.id), 'issuer-contacts': issuerContacts, supervisors, 'parent-unit': emailsOf(unit.parent) },
    ]),
  );
}
