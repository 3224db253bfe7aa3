-- 0014: who had the touch on our side (issue 16): the activity's owner as the CRM
-- exports it (HubSpot "Activity assigned to", Salesforce "Assigned", Pipedrive
-- "Activity - Assigned to user", Zoho "Call Owner" and "Host", Bitrix24 "Ответственный"),
-- or the person who logged the touch on the Client page. Kept as the export writes it;
-- the method does not read it. New columns go last; the import_prior_ table gets it too.
alter table interactions add column owner varchar;
alter table import_prior_interactions add column owner varchar;
