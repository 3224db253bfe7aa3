-- helpers of the method queries, created as temporary macros on the connection.
-- pct and num round their input to 9 decimals first: a sum or average of doubles can differ in its
-- last bits with the order DuckDB's threads add the rows, and a value sitting exactly on
-- a rounding edge (10.45) must print and score the same on every run.
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
create or replace temp macro pct(x) as printf('%.0f%%', round(100 * x, 9));
create or replace temp macro num(x) as
    case
        when round(x, 9) = round(x) then printf('%.0f', round(x)::double)
        else printf('%.1f', round(x, 9)::double)
    end;
-- a sum of doubles that is the same on every run: DuckDB's threads add a group's rows
-- in whatever order they meet them, and a double sum's last bits follow that order,
-- so a discount average sitting on a rounding edge scored -1 on one run and 0 on the
-- next at 10,000 clients. Each value is cast to an exact decimal (10 places, far below
-- a cent or a tenth of a percent: smaller amounts count as 0), added exactly, and the
-- total turned back to a double. Values of 1e18 and more, which no amount, discount or
-- cost reaches, would not fit: a group holding one is added as doubles.
create or replace temp macro exact_sum(x) as case
    when max(abs(x)) < 1e18 then sum(try_cast(x as decimal(38, 10)))::double
    else sum(x)
end;
-- "1 complaint", "3 complaints"
create or replace temp macro plural(n, one, many) as
    num(n) || ' ' || case when n = 1 then one else many end;
