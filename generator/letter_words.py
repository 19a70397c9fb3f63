"""The generator's own words in letters, in Welsh: blank labels, ways of contact, scopes.

Part of the Welsh catalogue of :mod:`generator.interface` (English is the key). The words
around the facts are in the Welsh templates themselves (``letter_templates/cy/``).
"""

from __future__ import annotations

WELSH: dict[str, str] = {
    # what an appeal window counts from; printed after "o fewn CYFNOD", so the Welsh
    # carries its own "i" (with the soft mutation it causes, or "i’r" before "y")
    "the date of this letter": "i ddyddiad y llythyr hwn",
    "the day you receive this letter": "i’r diwrnod y byddwch yn cael y llythyr hwn",
    "the date of the decision": "i ddyddiad y penderfyniad",
    # blanks in the fill-in forms, printed as [Label]
    "Date": "Dyddiad",
    "Service": "Gwasanaeth",
    "Reference": "Cyfeirnod",
    "Customer name": "Enw’r cwsmer",
    "Address": "Cyfeiriad",
    "Postcode": "Cod post",
    "Channels used": "Dulliau cysylltu a ddefnyddiwyd",
    "Behaviour": "Ymddygiad",
    "What the customer did": "Beth wnaeth y cwsmer",
    "How": "Sut",
    "What happened": "Beth ddigwyddodd",
    "Stage": "Cam",
    "What the stage means": "Ystyr y cam",
    "Measure": "Mesur",
    "What it means": "Beth mae’n ei olygu",
    "Applies to": "Yn berthnasol i",
    "Details": "Manylion",
    "Date of decision": "Dyddiad y penderfyniad",
    "Name of decision maker": "Enw’r sawl a wnaeth y penderfyniad",
    "Job title": "Teitl swydd",
    "Name of contact": "Enw’r person cyswllt",
    "Telephone": "Ffôn",
    "Email": "E-bost",
    "Adjustments considered": "Addasiadau a ystyriwyd",
    "What we expect from now on": "Beth rydym yn ei ddisgwyl o hyn ymlaen",
    "Name": "Enw",
    "continue, amend, escalate or close": "parhau, diwygio, uwchgyfeirio neu gau",
    "upheld or not upheld": "wedi’i chadarnhau neu heb ei chadarnhau",
    "Reasons": "Rhesymau",
    "Date appeal received": "Dyddiad cael yr apêl",
    "date %(period)s after the letter date": "y dyddiad %(period)s ar ôl dyddiad y llythyr",
    "date %(period)s after the decision": "y dyddiad %(period)s ar ôl y penderfyniad",
    "date %(period)s after the day the letter is received":
        "y dyddiad %(period)s ar ôl y diwrnod y daw’r llythyr i law",
    "Your reference": "Eich cyfeirnod",
    "What you did": "Beth wnaethoch chi",
    "Start date": "Dyddiad dechrau",
    "End date": "Dyddiad gorffen",
    # how widely a measure applies, after "Mae hyn yn berthnasol"; a name follows a colon
    # so that it need not mutate
    "to all council services": "i holl wasanaethau’r cyngor",
    "to your contact with %(name)s": "i’ch cysylltiad â’r canlynol: %(name)s",
    "to your contact with %(name)s only":
        "i’ch cysylltiad â’r swyddog hwn yn unig: %(name)s",
    # adjustments made for the customer, told to them
    "We will send you our letters in large print, as this one is.":
        "Byddwn yn anfon ein llythyrau atoch mewn print bras, fel y llythyr hwn.",
    "We will send you an easy read version of our letters.":
        "Byddwn yn anfon fersiwn hawdd ei darllen o’n llythyrau atoch.",
    "We will send you our letters in %(details)s.":
        "Byddwn yn anfon ein llythyrau atoch yn yr iaith hon: %(details)s.",
    "We will send our letters to you by email, to %(details)s.":
        "Byddwn yn anfon ein llythyrau atoch drwy e-bost, i’r cyfeiriad hwn: %(details)s.",
    "We will send our letters to you by email.":
        "Byddwn yn anfon ein llythyrau atoch drwy e-bost.",
    # ways of contact (a case's channels), printed in lists and in brackets
    "telephone": "ffôn",
    "email": "e-bost",
    "letter": "llythyr",
    "in person": "wyneb yn wyneb",
    "social media": "cyfryngau cymdeithasol",
    "webform": "ffurflen we",
    "other": "dull arall",
    # how widely a measure applies
    "officer": "swyddog",
    "team": "tîm",
    "service": "gwasanaeth",
    "council": "cyngor",
}
