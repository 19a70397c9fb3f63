"""Welsh and bilingual output: the generator's own words, the Welsh view of a policy, Welsh
values, Welsh and bilingual letters, what Welsh is missing."""
