"""Demo reviews from earlier quarters, so a new user sees a review with last quarter's
follow-up at once.

The story clients of the demo (analytics.demo.stories.planted_stories) get reviews in the
three quarters before the last one: two steady ones, then the review of the quarter
where their story starts, with a plan whose actions are now in every status (planned,
in progress, done, partial progress, not done). Two partnerships are already reviewed
for the last quarter; everyone else is due. The account strategy of the latest review
(goals, stakeholder roles, a contact plan setting the DELT target, risks, proactive
actions) carries into the last quarter's review. Earlier quarters are closed.

Written as data (templates below) and loaded in bulk inside build_demo's transaction.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analytics.demo.stories import planted_stories
from analytics.quarters import quarter_end, quarter_start, shift_quarter

SPONSOR = "Tomasz Ryba"  # head of sales, our executive sponsor
DELIVERY = "Joanna Lis"  # delivery lead

# (addresses, playbook entry, description, owner or None for the account manager,
#  expected effect, status, outcome)
STORY_REVIEWS: dict[str, dict] = {
    "access_decline": dict(
        what_works="Delivery quality is still praised by the operations team, and sentiment in meetings stays positive.",
        what_to_keep="Keep the weekly operations call and the quick support answers.",
        successes="Route optimisation went live on time\nSupport answered within 4 hours all quarter",
        what_slips="Fewer meetings with directors and the COO; two of our messages to the COO went unanswered.",
        summary="The operations level is healthy but we are losing the executive level. Rebuild access before the renewal talks.",
        investment=("maintain", ""),
        actions=[
            ("access_decline", "executive_sponsor_meeting",
             "Executive sponsor meeting: our head of sales meets the COO to review this year's results", SPONSOR,
             "An executive-level meeting held; the COO answers again.", "in_progress",
             "Meeting requested; the COO's office proposed a date next month."),
            ("access_decline", "delt_plan", "Contact plan with two director touches a month", None,
             "DELT back to the trailing average.", "partial",
             "Met the Procurement Director twice; the IT Director not yet."),
            ("high_wide", "stakeholder_map",
             "Complete the stakeholder map and find who replaced the former logistics director", None,
             "Every level covered on the map.", "done", "Map done; the new logistics director is identified."),
        ],
        goals="Renew the frame agreement for three years; expand route optimisation to the Baltic depots.",
        risks="Renewal decided by a COO we no longer meet; a competitor pitched to their CFO.",
        proactive="Bring a fuel-saving analysis to the COO meeting.",
    ),
    "no_advance_info": dict(
        what_works="The project team works well with store operations; feedback is constructive.",
        what_to_keep="Keep the joint project stand-ups.",
        successes="Store roll-out finished in 40 shops without downtime",
        what_slips="We learned about their new e-commerce platform tender from the press, not from them.",
        summary="Good delivery, but we are not part of their plans. Get into their strategy conversations.",
        investment=("maintain", ""),
        actions=[
            ("no_advance_info", "strategy_check_ins", "Monthly strategy check-in with the Director of Operations",
             None, "We hear of initiatives from the client first.", "planned", ""),
            ("no_advance_info", "roadmap_session", "Joint roadmap session for next year", SPONSOR,
             "A shared view of the next two quarters.", "not_done",
             "The client postponed twice; ask again through the sponsor."),
            ("dialogue", "regular_check_ins", "Ask for their agenda items before each steering meeting", None,
             "More client-initiated topics.", "done", "Agenda items from the client at the last two meetings."),
        ],
        goals="Be invited to the e-commerce platform tender; keep the store systems contract.",
        risks="Strategic decisions made without us; the tender may bundle store systems.",
        proactive="Share our retail benchmark with the Director of Operations.",
    ),
    "revenue_decline": dict(
        what_works="Trust remains high: plant managers give us an NPS of 8 and praise the engineers.",
        what_to_keep="Keep the on-site engineer visits.",
        successes="Downtime at the Tarnów plant cut by a third with our maintenance module",
        what_slips="Won revenue halved over two quarters while their market grows; two renewals went to a competitor.",
        summary="They still trust us, but they buy less. Find out why and bring proposals.",
        investment=("invest_more", ""),
        actions=[
            ("revenue_decline", "needs_discovery", "Needs discovery workshop with the plant directors", None,
             "The reason for the decline written down.", "done",
             "Held: they are consolidating maintenance software suppliers."),
            ("revenue_decline", "proactive_proposals", "Proposal for the consolidated maintenance module", SPONSOR,
             "A proposal discussed with a decision maker.", "in_progress", "Draft shared; pricing under discussion."),
            ("value", "value_review", "Review the cost to serve of the support contract", DELIVERY,
             "Margin after cost to serve improving.", "partial", "Support hours reviewed; rework not yet."),
        ],
        goals="Become their single maintenance software supplier.",
        risks="Supplier consolidation may go to the competitor who won the two renewals.",
        proactive="Offer a pilot of the consolidated module at one plant.",
    ),
    "feedback_silence": dict(
        what_works="Deliveries on time and invoices paid promptly.",
        what_to_keep="Keep the release notes and the monthly service report.",
        successes="",
        what_slips="No improvement requests or complaints for two quarters, where they used to send several a month.",
        summary="Silence is not satisfaction. Ask for feedback in a way that is easy to give.",
        investment=("maintain", ""),
        actions=[
            ("feedback_silence", "feedback_session", "Feedback session with the client's project team", None,
             "Improvement requests come back.", "not_done", "Could not get a date before the summer break."),
            ("feedback_silence", "short_survey", "Short NPS survey to the user group", DELIVERY,
             "Fresh feedback scores and comments.", "done", "12 answers; NPS 7; main wish: better reporting."),
            ("trust", "tell_successes", "Quarterly results summary for the sponsor", None,
             "Balance problems with evidence of progress.", "planned", ""),
        ],
        goals="Keep the grid analytics contract and learn what they need next.",
        risks="Silent dissatisfaction ahead of the renewal.",
        proactive="Propose the reporting improvements the survey asked for.",
    ),
    "micromanagement": dict(
        what_works="The client's IT team values our engineers' expertise.",
        what_to_keep="Keep the same senior engineers on the account.",
        successes="Claims portal release 3.2 shipped with zero critical defects",
        what_slips="Daily status requests and three escalations in one quarter; the client's PM checks every ticket.",
        summary="Visibility without control: agree a rhythm and the room the team has to decide.",
        investment=("maintain", ""),
        actions=[
            ("micromanagement", "status_cadence", "Agree a weekly written status and a monthly steering call", None,
             "Status requests drop to the agreed rhythm.", "done", "Agreed; the client's PM accepted."),
            ("micromanagement", "scope_of_autonomy", "Write down what the team decides alone and what needs approval",
             DELIVERY, "Fewer escalations.", "in_progress", "Draft under review with the client's PM."),
            ("trust", "candid_review", "Candid review of the two delayed releases", None,
             "Complaints resolved.", "partial", "Held with the PM; the director could not join."),
        ],
        goals="Move from ticket-level control to a release plan agreed each quarter.",
        risks="Escalations reach their CIO before we fix the rhythm.",
        proactive="Offer a release calendar for the next two quarters.",
    ),
    "team_morale": dict(
        what_works="Large, steady volume and payments on time.",
        what_to_keep="Keep the dedicated support line.",
        successes="Patient portal availability 99.9% all quarter",
        what_slips="The account team's morale fell to 2 of 5: late-evening requests and a harsh tone in meetings.",
        summary="The team's frustration mirrors a relationship problem. Support the team and name the friction.",
        investment=("maintain", ""),
        actions=[
            ("team_morale", "support_the_team", "Add a second analyst to the account and rebalance on-call duty",
             DELIVERY, "Team morale back to 3 or more.", "done", "A second analyst joined the account."),
            ("team_morale", "name_the_friction", "Raise the late-evening requests with the client's sponsor", SPONSOR,
             "One source of friction agreed and addressed.", "not_done", "Not raised yet; the sponsor was on leave."),
            ("balance", "mutual_benefit_terms", "Agree response times for urgent requests in a contract annex", None,
             "Less deadline pressure.", "in_progress", "Annex drafted."),
        ],
        goals="A sustainable service rhythm both teams can keep.",
        risks="Burn-out in the account team; a key analyst asked to move.",
        proactive="Offer an out-of-hours support tier with clear terms.",
    ),
    "squeeze": dict(
        what_works="A long relationship; their engineers recommend us internally.",
        what_to_keep="Keep the engineering team they value.",
        successes="Their engineers presented our integration at an industry event",
        what_slips="Discounts rose from 8% to over 30%; free scope and rework take a large share of our hours; constant deadline pressure.",
        summary="We are being bent. Renegotiate assertively and make the free work visible, without losing what they value.",
        investment=(
            "change_service_model",
            "Ad-hoc free work is not sustainable for either side: move small requests to a priced change-request "
            "process and a fixed support tier, keeping the engineering team they value.",
        ),
        actions=[
            ("squeeze", "renegotiate_scope", "Renegotiate scope and pricing for next year's frame agreement", SPONSOR,
             "Discount depth stops growing.", "in_progress", "First meeting with procurement held; they asked for a proposal."),
            ("squeeze", "free_work_on_record", "Monthly statement of hours given beyond the estimate", None,
             "Free scope and rework shares fall.", "done", "Sent for two months; the client acknowledged 120 free hours."),
            ("balance", "mutual_benefit_terms", "Introduce a priced change-request process", DELIVERY,
             "New work is priced.", "planned", ""),
        ],
        goals="A frame agreement that pays for the work we do, with the same engineering quality.",
        risks="Procurement threatens to move to a cheaper supplier; our margin on the account is near zero.",
        proactive="Show the value delivered per year next to the discount history.",
    ),
    "single_thread_champion_left": dict(
        what_works="Our champion, the Director of Operations, backs us strongly.",
        what_to_keep="Keep the close working relationship with the operations team.",
        successes="Warehouse scanning roll-out finished early",
        what_slips="85% of touches go through one person, and we have no executive contact.",
        summary="Everything hangs on one person. Widen the relationship now, while our champion can introduce us.",
        investment=("maintain", ""),
        actions=[
            ("high_wide", "stakeholder_map", "Map stakeholders and get introduced to two more directors", None,
             "More levels covered.", "partial", "Met the IT Director once."),
            ("high_wide", "second_advocate", "Invite the operations managers to the user workshop", None,
             "A second advocate named.", "not_done", "The workshop moved to next quarter."),
            ("access_decline", "executive_sponsor_meeting", "Meet the CEO together with our champion", SPONSOR,
             "An executive contact.", "planned", ""),
        ],
        goals="Relationships at three levels by the end of the year.",
        risks="Our champion is the only advocate; if they leave, we start over.",
        proactive="Ask our champion to introduce us to the CFO.",
    ),
    "partnership": dict(
        what_works="Regular QBRs, open feedback and steady growth; the client refers us to peers.",
        what_to_keep="Keep the QBR rhythm and the joint roadmap.",
        successes="Joint case study published\nNPS 9 from the sponsor",
        what_slips="Nothing material; watch the dependency on our lead architect.",
        summary="A partnership to grow: invest in the joint roadmap.",
        investment=("invest_more", ""),
        actions=[
            ("value", "strategic_value", "Ask for a reference case study", None,
             "A reference recorded.", "done", "Case study published."),
            ("dialogue", "regular_check_ins", "Plan next year's roadmap together", SPONSOR,
             "A shared roadmap.", "in_progress", "First workshop held."),
            ("trust", "tell_successes", "Share a results summary with the CFO", None,
             "The CFO sees the value.", "done", "Presented at the QBR."),
        ],
        goals="Grow together: two new product lines next year.",
        risks="Dependency on our lead architect.",
        proactive="Invite them to the customer advisory board.",
    ),
}

STEADY_REVIEW = dict(
    what_works="Steady cooperation; deliveries on time.",
    what_to_keep="Keep the regular check-ins.",
    successes="",
    what_slips="",
    summary="A steady quarter.",
    investment=("maintain", ""),
    actions=[
        ("high_wide", "stakeholder_map", "Keep the stakeholder map current", None,
         "Every level covered.", None, ""),
        ("dialogue", "regular_check_ins", "Quarterly check-in with the sponsor", None,
         "Client-initiated topics.", None, ""),
    ],
)
# settled statuses of the two steady reviews' actions, taken in turn
SETTLED = (("done", "Done as planned."), ("partial", "Half done; carried on."), ("not_done", "Other priorities won."),
           ("done", "Done."))

# contact plan per level for the quarter after the latest review
CONTACT_PLAN = {"executive": 2, "director": 4, "manager": 8, "staff": 4}
PARTNER_PLAN = {"executive": 3, "director": 6, "manager": 10, "staff": 6}
CURRENT_REVIEWS = 2  # partnerships already reviewed for the last quarter


def build_demo_reviews(cur, quarters: list[str]) -> None:
    """Replace the reviews, actions and strategies in the demo with the stories'.

    Called inside build_demo's transaction after the portfolio is loaded.
    """
    for table in ("closed_quarters", "stakeholder_roles", "contact_plans", "account_strategies"):
        cur.execute(f"delete from {table}")  # noqa: S608 - fixed table names
    if len(quarters) < 2:
        return
    n = cur.execute("select count(*) from clients").fetchone()[0]
    managers = dict(cur.execute("select client_id, account_manager from clients").fetchall())
    stories = planted_stories(n)
    end = quarters[-1]
    earlier = quarters[-4:-1]  # up to three quarters before the last
    reviewed = [(cid, story) for story, ids in stories.items() if story in STORY_REVIEWS for cid in ids]
    partners = stories.get("partnership", [])

    reviews, actions = [], []
    for i, (cid, story) in enumerate(reviewed):
        for k, quarter in enumerate(earlier):
            latest = k == len(earlier) - 1
            template = STORY_REVIEWS[story] if latest else STEADY_REVIEW
            _add_review(reviews, actions, cid, quarter, template, managers.get(cid), i + k)
    for i, cid in enumerate(partners[:CURRENT_REVIEWS]):
        template = dict(STORY_REVIEWS["partnership"], actions=[
            ("value", "strategic_value", "Host them at the customer advisory board", None, "Referral value.", "planned", ""),
            ("high_wide", "second_advocate", "Introduce our new CTO to their IT Director", SPONSOR,
             "A second executive link.", "planned", ""),
        ])
        _add_review(reviews, actions, cid, end, template, managers.get(cid), i)
    if not reviews:
        return
    review_frame = pd.DataFrame(reviews)
    action_frame = pd.DataFrame(actions)
    cur.register("demo_review_rows", review_frame)
    cur.register("demo_action_rows", action_frame)
    cur.execute("""
        insert into reviews (review_id, client_id, quarter, reviewer, held_on, what_works, what_to_keep,
            investment_level, investment_reason, summary, updated_at, what_slips, successes, created_at)
        select review_id, client_id, quarter, reviewer, held_on::date, what_works, what_to_keep,
            investment_level, nullif(investment_reason, ''), summary, updated_at, what_slips,
            nullif(successes, ''), updated_at
        from demo_review_rows
    """)
    cur.execute("""
        insert into actions (action_id, review_id, client_id, addresses, description, owner, due_on, status,
            outcome, updated_at, expected_effect, playbook_entry, created_at)
        select action_id, review_id, client_id, addresses, description, owner, due_on::date, status,
            nullif(outcome, ''), updated_at, expected_effect, playbook_entry, created_at
        from demo_action_rows
    """)
    cur.unregister("demo_review_rows")
    cur.unregister("demo_action_rows")

    # the account strategy of the latest review before the last quarter, per story client
    strategy_quarter = earlier[-1]
    strategies = pd.DataFrame([
        {
            "client_id": cid,
            "goals": STORY_REVIEWS[story]["goals"],
            "risks": STORY_REVIEWS[story]["risks"],
            "proactive": STORY_REVIEWS[story]["proactive"],
            "is_partner": story == "partnership",
            "is_squeeze": story == "squeeze",
        }
        for cid, story in reviewed
    ])
    cur.register("demo_strategies", strategies)
    params = {"q": strategy_quarter, "next": shift_quarter(strategy_quarter, 1), "q_end": quarter_end(strategy_quarter)}
    cur.execute("""
        insert into account_strategies
        select client_id, $q, goals, risks, proactive, null, current_timestamp::timestamp from demo_strategies
    """, {"q": strategy_quarter})
    plan = pd.DataFrame(
        [{"level": level, "touches": CONTACT_PLAN[level], "partner_touches": PARTNER_PLAN[level]} for level in CONTACT_PLAN]
    )
    cur.register("demo_contact_plan", plan)
    cur.execute("""
        insert into contact_plans
        select s.client_id, $q, $next, p.level,
            case when s.is_partner then p.partner_touches else p.touches end, null
        from demo_strategies as s cross join demo_contact_plan as p
    """, {"q": strategy_quarter, "next": params["next"]})
    # roles: the champion, the most senior executive (sponsor for partnerships,
    # decision maker otherwise), one director as influencer; in the squeeze story
    # another director pushes for discounts (detractor)
    cur.execute("""
        insert into stakeholder_roles
        with people as (
            select
                c.client_id, c.contact_id, c.level, c.is_champion, s.is_partner, s.is_squeeze,
                row_number() over (
                    partition by c.client_id, c.level, c.is_champion order by c.contact_id
                ) as rank_in_level
            from contacts as c
            join demo_strategies as s on s.client_id = c.client_id
            where (c.active_from is null or c.active_from <= $q_end)
                and (c.active_to is null or c.active_to > $q_end)
        )
        select client_id, $q, contact_id,
            case
                when is_champion then 'champion'
                when level = 'executive' and is_partner then 'sponsor'
                when level = 'executive' then 'decision_maker'
                when level = 'director' and rank_in_level = 1 then 'influencer'
                else 'detractor'
            end,
            null
        from people
        where is_champion
            or (level = 'executive' and rank_in_level = 1)
            or (level = 'director' and rank_in_level = 1)
            or (level = 'director' and rank_in_level = 2 and is_squeeze)
    """, {"q": strategy_quarter, "q_end": params["q_end"]})
    for name in ("demo_strategies", "demo_contact_plan"):
        cur.unregister(name)
    cur.executemany(
        "insert into closed_quarters values (?, ?, ?)",
        [(q, dt.datetime.combine(quarter_start(shift_quarter(q, 1)) + dt.timedelta(days=30), dt.time(17)), "demo")
         for q in earlier],
    )


def _add_review(reviews: list, actions: list, client_id: str, quarter: str, template: dict,
                manager: str | None, turn: int) -> None:
    review_id = f"R-{client_id}-{quarter}"
    held = quarter_start(shift_quarter(quarter, 1)) + dt.timedelta(days=5 + turn % 10)
    stamp = dt.datetime.combine(held, dt.time(16, 0))
    level, reason = template["investment"]
    reviews.append({
        "review_id": review_id, "client_id": client_id, "quarter": quarter, "reviewer": manager,
        "held_on": held, "what_works": template["what_works"], "what_to_keep": template["what_to_keep"],
        "investment_level": level, "investment_reason": reason, "summary": template["summary"],
        "updated_at": stamp, "what_slips": template["what_slips"], "successes": template["successes"],
    })
    due = quarter_end(shift_quarter(quarter, 1))
    for j, (addresses, entry, description, owner, effect, status, outcome) in enumerate(template["actions"]):
        if status is None:
            status, outcome = SETTLED[(turn + j) % len(SETTLED)]
        actions.append({
            "action_id": f"A-{client_id}-{quarter}-{j + 1}", "review_id": review_id, "client_id": client_id,
            "addresses": addresses, "description": description, "owner": owner or manager,
            "due_on": due - dt.timedelta(days=30 * (len(template["actions"]) - 1 - j)), "status": status,
            "outcome": outcome, "updated_at": stamp, "expected_effect": effect, "playbook_entry": entry,
            "created_at": stamp + dt.timedelta(seconds=j),
        })
