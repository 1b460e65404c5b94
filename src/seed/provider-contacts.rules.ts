// Fictitious contact persons for the demo providers: one or two per provider, with a role, an e-mail address at
// the reserved example domain (RFC 2606) and a made-up phone number. Pure.
import { CONTACT_FAMILY_NAMES, CONTACT_GIVEN_NAMES, CONTACT_ROLES } from './offer-texts.ts';
import type { Random } from './random.ts';

export interface GeneratedContactPerson {
  providerId: string;
  name: string;
  role: string;
  email: string;
  phone: string;
}

function ascii(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ı/g, 'i')
    .toLowerCase();
}

export function providerContacts(providerIds: readonly string[], random: Random): GeneratedContactPerson[] {
  return providerIds.flatMap((providerId) => {
    const count = random.int(1, 2);
    const roles = random.sample(CONTACT_ROLES, count);
    return roles.map((role) => {
      const given = random.pick(CONTACT_GIVEN_NAMES);
      const family = random.pick(CONTACT_FAMILY_NAMES);
      return {
        providerId,
        name: `${given} ${family}`,
        role,
        email: `${ascii(given)}.${ascii(family)}@demo.durchstarten.example`,
        phone: `+49 30 23125 ${String(random.int(0, 999)).padStart(3, '0')}`,
      };
    });
  });
}
