-- one row per client, quarter, dimension and component: every contribution of
-- the five dimensions, in the order they are read out
select * from dimension_high_wide
union all select * from dimension_dialogue
union all select * from dimension_trust
union all select * from dimension_balance
union all select * from dimension_value
