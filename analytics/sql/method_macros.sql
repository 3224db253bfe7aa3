-- helpers of the method queries, created as temporary macros on the connection.
-- ramp: P x clamp((x - ref) / scale, lo, 1), rounded to whole points; lo is -1 for a
-- two-sided component and 0 for a one-sided one; NULL when x is NULL.
create or replace temp macro ramp(x, ref, scale, p, lo) as
    case
        when x is null then null
        else round(p * greatest(lo, least(1.0, (x - ref) / scale)))
    end;
-- "+7", "−18", "0": the sign a contribution is written with
create or replace temp macro signed(p) as
    case when p = 0 then '0' else replace(printf('%+.0f', p::double), '-', '−') end;
create or replace temp macro pct(x) as printf('%.0f%%', 100 * x);
create or replace temp macro num(x) as
    case when x = round(x) then printf('%.0f', x::double) else printf('%.1f', x::double) end;
-- "1 complaint", "3 complaints"
create or replace temp macro plural(n, one, many) as
    num(n) || ' ' || case when n = 1 then one else many end;
