-- 0008: what of a review reaches the client deck (issue 17). Nothing is shared unless
-- the reviewer says so: an action is shared with the client only when marked, and the
-- person on the client's side who owns it with us is written beside it. A success is
-- shown to the client unless the reviewer hides it; reviews keep the hidden ones as a
-- JSON list of their lines (a success is one line of `successes`).
alter table actions add column shared_with_client boolean default false;
alter table actions add column client_owner varchar;
alter table reviews add column successes_hidden varchar;
