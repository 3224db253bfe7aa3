-- one row: which kinds of data the portfolio holds at all. A component that stands on
-- a kind the portfolio lacks is not measured (no points, and a sentence that says what
-- to import), never a neutral 50 or a 0; a client with no rows of a kind the portfolio
-- has is a real zero or silence, and is scored as one.
select
    exists (select 1 from contacts) as has_contacts,
    -- a contact whose title no seniority rule matched has level null (unknown): the
    -- levels covered and DELT stand on contacts of known level, so a portfolio with
    -- none has them not measured, never 0 levels and no executive access
    exists (select 1 from contacts where level is not null) as has_contact_levels,
    exists (select 1 from interactions) as has_touches,
    exists (select 1 from deals where status = 'won') as has_deals,
    exists (select 1 from feedback) as has_feedback,
    exists (select 1 from service_costs) as has_costs,
    exists (select 1 from deals where discount_pct is not null) as has_discounts,
    exists (select 1 from team_pulse) as has_team_pulse
