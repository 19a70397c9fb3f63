"""Paragraphs the generator places in a letter whatever its template says.

A Welsh body's commitment on correspondence in Welsh (``welsh.correspondence`` in
policy.yaml, the Welsh Language Standards) goes in every letter to a customer, in the body's
own words and in the letter's language: placed before the closing ("Yours sincerely"); in a
form the customer receives, below its opening notes; else at the end. A
template that prints ``{{ welsh_commitment }}`` itself places it where it likes, and
nothing is added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from docx.document import Document

__all__ = ["CLOSING", "place_commitment"]

#: The paragraph style of a letter's closing line, before which the commitment goes.
CLOSING = "Closing"
#: The paragraph style of a form's opening notes, below which a form carries it.
NOTE = "Form Note"
#: The styles the placed paragraph takes, the first the template has.
STYLES = ("Body Text", "Normal")


def place_commitment(document: Document, context: dict[str, Any]) -> Any:
    """Add the body's Welsh commitment to a customer's letter that does not print it;
    return what was placed (the context's value), or None."""
    from generator.letters.links import body_paragraphs

    commitment = context.get("welsh_commitment")
    letter = context.get("letter")
    if not commitment or letter is None or not getattr(letter, "for_customer", False):
        return None
    if any(str(commitment) in paragraph.text for paragraph in body_paragraphs(document)):
        return None
    closing = next((p for p in document.paragraphs
                    if p.style is not None and p.style.name == CLOSING), None)
    names = {style.name for style in document.styles}
    style = next((name for name in STYLES if name in names), None)
    notes = [p for p in document.paragraphs if p.style is not None and p.style.name == NOTE]
    if closing is not None:  # kept with the closing, as the paragraph before it is
        placed = closing.insert_paragraph_before(str(commitment), style)
        placed.paragraph_format.keep_with_next = True
    elif notes:  # a form: below its opening notes
        placed = document.add_paragraph(str(commitment), NOTE)
        notes[-1]._p.addnext(placed._p)
    else:
        document.add_paragraph(str(commitment), style)
    return commitment
