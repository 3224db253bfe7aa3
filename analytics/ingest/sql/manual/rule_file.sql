-- the rules file of kind $kind ('tags' or 'levels') as edited on the Rules page
select rules_text, saved_at, saved_by
from rule_files
where kind = $kind
