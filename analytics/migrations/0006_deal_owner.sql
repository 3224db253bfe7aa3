-- 0006: who owns a deal, and clients that are people (issue 15, import as a user meets it).
-- deals.owner is the CRM's deal owner (HubSpot "Deal owner", Salesforce "Opportunity
-- Owner", Pipedrive "Owner", Zoho "Deal Owner", Bitrix24 "Ответственный", sales_agent…);
-- a client without an account manager takes the owner of most of its deals on import.
-- clients.is_person is true for a client made from a deal's contact person when the deal
-- names no organisation (Pipedrive allows that); null when nobody said.
-- New columns go last, so rows copied with t.* keep their order; import_prior_ tables
-- get the same columns (0002: they hold the prior image of rows an import overwrote).
alter table deals add column owner varchar;
alter table import_prior_deals add column owner varchar;
alter table clients add column is_person boolean;
alter table import_prior_clients add column is_person boolean;
