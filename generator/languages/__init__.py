"""Welsh and bilingual output: the generator's own words, the Welsh view of a policy, Welsh
values, Welsh and bilingual letters, what Welsh is missing."""

__all__ = [
    "bilingual", "catalogues", "interface", "translation", "translation_check", "welsh_letters",
    "welsh_words",
]
