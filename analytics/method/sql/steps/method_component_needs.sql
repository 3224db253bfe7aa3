-- one row per component of a dimension: the kinds of data it stands on (needs, in
-- words) and whether the portfolio has them all (measured). The points steps read it
-- to leave a component out, the dimension steps to say what it needs.
with k as (select * from method_data_kinds),

needs as (
    select unnest([
        {dimension: 'high_wide', component: 'contacts', label: 'Contacts touched', needs: 'contacts and touches', measured: has_contacts and has_touches},
        {dimension: 'high_wide', component: 'levels', label: 'Seniority levels covered', needs: 'contacts of known level and touches', measured: has_contact_levels and has_touches},
        {dimension: 'high_wide', component: 'delt', label: 'Director and executive touches (DELT)', needs: 'contacts of known level and touches', measured: has_contact_levels and has_touches},
        {dimension: 'high_wide', component: 'single_thread', label: 'Single-thread risk', needs: 'contacts and touches', measured: has_contacts and has_touches},
        {dimension: 'high_wide', component: 'champion_lost', label: 'Champion lost', needs: 'contacts', measured: has_contacts},
        {dimension: 'dialogue', component: 'client_initiated', label: 'Touches the client started', needs: 'touches', measured: has_touches},
        {dimension: 'dialogue', component: 'response', label: 'Answers to our outreach', needs: 'touches', measured: has_touches},
        {dimension: 'dialogue', component: 'voice', label: 'The client''s voice (requests, complaints, feedback)', needs: 'touches', measured: has_touches},
        {dimension: 'dialogue', component: 'advance_notice', label: 'Advance notice', needs: 'touches', measured: has_touches},
        {dimension: 'trust', component: 'sentiment', label: 'Sentiment', needs: 'touches', measured: has_touches},
        {dimension: 'trust', component: 'nps_csat', label: 'NPS/CSAT', needs: 'feedback', measured: has_feedback},
        {dimension: 'trust', component: 'complaints', label: 'Complaints', needs: 'touches', measured: has_touches},
        {dimension: 'trust', component: 'praise', label: 'Praise', needs: 'touches', measured: has_touches},
        {dimension: 'balance', component: 'discount', label: 'Average discount', needs: 'deals with a discount', measured: has_discounts},
        {dimension: 'balance', component: 'discount_trend', label: 'Discount trend', needs: 'deals with a discount', measured: has_discounts},
        {dimension: 'balance', component: 'free_scope_rework', label: 'Free scope and rework', needs: 'service costs', measured: has_costs},
        {dimension: 'balance', component: 'deadline_pressure', label: 'Deadline pressure', needs: 'touches', measured: has_touches},
        {dimension: 'balance', component: 'status_requests', label: 'Status requests', needs: 'touches', measured: has_touches},
        {dimension: 'value', component: 'revenue_trend', label: 'Revenue trend', needs: 'won deals', measured: has_deals},
        {dimension: 'value', component: 'margin', label: 'Margin after cost to serve', needs: 'won deals and service costs', measured: has_deals and has_costs},
        {dimension: 'value', component: 'ltv', label: 'Lifetime value', needs: 'won deals', measured: has_deals},
        {dimension: 'value', component: 'referral', label: 'Referrals', needs: 'touches', measured: has_touches},
        {dimension: 'value', component: 'strategic', label: 'Strategic work (workshops, improvement requests)', needs: 'touches', measured: has_touches}
    ], recursive := true)
    from k
)

select * from needs
