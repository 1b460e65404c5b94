import type { ColumnType, Generated } from 'kysely';

export type OrganisationKind = 'ministry' | 'approving_authority' | 'municipality' | 'provider' | 'alliance_member';
export type MunicipalityKind = 'district' | 'district_free_city' | 'district_town';

export interface OrganisationTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  short_name: string | null;
  municipality_kind: MunicipalityKind | null;
  district_id: string | null;
  official_key: string | null;
  alliance_member: Generated<boolean>;
  budget_recovery: Generated<boolean>;
  contact_email: string | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, never, Date>;
}

export interface ProviderMunicipalityTable {
  provider_id: string;
  served_municipality_id: string;
  created_at: ColumnType<Date, never, never>;
}

export interface TeamTable {
  municipality_id: string;
  id: Generated<string>;
  name: string;
  version: Generated<number>;
  created_at: ColumnType<Date, never, never>;
}

export interface OrganisationTables {
  organisation: OrganisationTable;
  provider_municipality: ProviderMunicipalityTable;
  team: TeamTable;
}
