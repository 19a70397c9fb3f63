"""Statements: each fact of the policy and the case, worded in one place.

A module per topic (appeals, reviews, measures, contact, signatories, reasons, document
control, ombudsmen, panels, stages, timescales, and the change log's words) owns, under the
fact's model path, the values derived from the model (deadlines, ends, the outcomes the
policy allows), the sentences each reader is told (the customer in a letter, the public,
staff) in every language through the "policy" catalogue, and what
stays unsaid because the source does not say it. Renderers place statements; they never
word a fact themselves. A statement is a :class:`said.Statement`: its text, the fact path
it states and the facts it is made of, so a checker can tell which facts a letter printed.
"""

__all__ = ["appeals", "changes", "contact", "disclosure", "document_control", "measures",
           "ombudsmen", "panels", "reasons", "reviews", "said", "signatories", "stages",
           "timescales"]
