"""The shared Word templates (English here, Welsh in cy/) and reference.docx.

Installed as the package ``generator.letter_templates`` so that an installed generator
finds them; policy owners edit the .docx files here.
"""
