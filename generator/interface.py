"""The generator's own words on pages (headings, labels, sentences around facts), by language.

English is the text in the templates itself. Welsh comes from the catalogue below; a
string with no Welsh prints as a marker naming it (see :mod:`generator.translation`), so
the build fails rather than show English on a Welsh page.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.letter_words import WELSH as LETTER_WELSH
from generator.translation import marker

WELSH: dict[str, str] = {
    # Part A and its exports
    "About this document": "Am y ddogfen hon",
    "In Welsh:": "Yn Gymraeg:",
    "In English:": "Yn Saesneg:",
    "In Welsh and English:": "Yn Gymraeg ac yn Saesneg:",
    "version %(version)s": "fersiwn %(version)s",
    "%(title)s, version %(version)s (%(status)s).": "%(title)s, fersiwn %(version)s (%(status)s).",
    "Published %(published)s. Next review due by %(review)s.":
        "Cyhoeddwyd %(published)s. Yr adolygiad nesaf i’w gynnal erbyn %(review)s.",
    "Download it as:": "Lawrlwythwch hi fel:",
    "Word": "Word",
    "OpenDocument": "OpenDocument",
    "a single web page": "un dudalen we",
    "PDF": "PDF",
    "Asking for a review or going to the ombudsman":
        "Gofyn am adolygiad neu fynd at yr ombwdsmon",
    "draft": "drafft",
    "approved": "wedi’i chymeradwyo",
    "published": "wedi’i chyhoeddi",
    "Detail": "Manylyn",
    "Value": "Gwerth",
    "Council": "Cyngor",
    "Version": "Fersiwn",
    "Published": "Cyhoeddwyd",
    "Next review due by": "Yr adolygiad nesaf erbyn",
    # appeals
    "The customer may appeal within %(window)s of the date of the letter.":
        "Gall y cwsmer apelio o fewn %(window)s i ddyddiad y llythyr.",
    "The customer may appeal within %(window)s of receiving the decision.":
        "Gall y cwsmer apelio o fewn %(window)s i gael y penderfyniad.",
    "The customer may appeal within %(window)s of the date of the decision.":
        "Gall y cwsmer apelio o fewn %(window)s i ddyddiad y penderfyniad.",
    "The appeal need not be in writing.": "Nid oes rhaid i’r apêl fod yn ysgrifenedig.",
    "Address:": "Cyfeiriad:",
    "It is decided within %(period)s.": "Penderfynir arni o fewn %(period)s.",
    "You may appeal within %(window)s of the date of our letter.":
        "Gallwch apelio o fewn %(window)s i ddyddiad ein llythyr.",
    "You may appeal within %(window)s of receiving our decision.":
        "Gallwch apelio o fewn %(window)s i gael ein penderfyniad.",
    "You may appeal within %(window)s of the date of our decision.":
        "Gallwch apelio o fewn %(window)s i ddyddiad ein penderfyniad.",
    "You may appeal within %(window)s.": "Gallwch apelio o fewn %(window)s.",
    "You may appeal.": "Gallwch apelio.",
    "Your appeal must be in writing.": "Rhaid i’ch apêl fod yn ysgrifenedig.",
    "Your appeal does not have to be in writing.": "Nid oes rhaid i’ch apêl fod yn ysgrifenedig.",
    "Your appeal is decided by the %(decider)s.": "Penderfynir ar eich apêl gan: %(decider)s.",
    "We will decide your appeal within %(period)s.":
        "Byddwn yn penderfynu ar eich apêl o fewn %(period)s.",
    "You can ask the %(ombudsman)s to look into it.":
        "Gallwch ofyn i %(ombudsman)s ymchwilio.",
    "You can ask the %(ombudsman)s to look into it %(when)s.":
        "Gallwch ofyn i %(ombudsman)s ymchwilio %(when)s.",
    "Website: %(link)s.": "Gwefan: %(link)s.",
    "Email: %(email)s.": "E-bost: %(email)s.",
    "Asking for a review": "Gofyn am adolygiad",
    "Going to the ombudsman": "Mynd at yr ombwdsmon",
    "Who it binds": "Pwy sy’n rhwym",
    "appeal decided within": "penderfynir ar yr apêl o fewn",
    "runs on for a further": "yn parhau am gyfnod pellach o",
    "renewed for": "adnewyddir am",
    "Reviews on a calendar": "Adolygiadau ar galendr",
    "When we review restrictions": "Pryd rydym yn adolygu cyfyngiadau",
    "Besides each case's own review, the policy reviews cases together:":
        "Yn ogystal ag adolygiad pob achos, mae’r polisi’n adolygu achosion gyda’i gilydd:",
    "This stage records the case; it does not by itself restrict how the customer contacts us.":
        "Mae’r cam hwn yn cofnodi’r achos; nid yw ynddo’i hun yn cyfyngu ar sut mae’r cwsmer "
        "yn cysylltu â ni.",
    "The policy uses this step wherever possible, not in every case.":
        "Mae’r polisi’n defnyddio’r cam hwn lle bynnag y bo modd, nid ym mhob achos.",
    "Where the case is recorded": "Ble y cofnodir yr achos",
    "The register": "Y gofrestr",
    "kept by the %(keeper)s": "a gedwir gan: %(keeper)s",
    "Scheduled reviews": "Adolygiadau a drefnwyd",
    "for a further %(period)s": "am %(period)s pellach",
    "at once, without the earlier stages": "ar unwaith, heb y camau cynharach",
    "only when:": "dim ond pan:",
    "at most once": "unwaith ar y mwyaf",
    "Warnings first:": "Rhybuddion yn gyntaf:",
    "may be renewed for %(period)s at a time": "gellir ei adnewyddu am %(period)s ar y tro",
    "may be renewed": "gellir ei adnewyddu",
    "at most %(times)s times": "%(times)s gwaith ar y mwyaf",
    "by the %(decider)s": "gan: %(decider)s",
    "The measures the policy allows, stage by stage.":
        "Y mesurau a ganiateir gan y polisi, fesul cam.",
    "Scope says how widely a measure may apply: to contact with a named officer, a team, a "
    "service or the whole %(body)s.":
        "Mae’r cwmpas yn dweud pa mor eang y gall mesur fod: cysylltu â swyddog a enwir, tîm, "
        "gwasanaeth neu’r %(body)s cyfan.",
    "the customer": "y cwsmer",
    "us": "ni",
    "The customer may appeal within %(window)s.": "Gall y cwsmer apelio o fewn %(window)s.",
    "The customer may appeal.": "Gall y cwsmer apelio.",
    "The appeal must be in writing.": "Rhaid i’r apêl fod yn ysgrifenedig.",
    "Send it to the %(receiver)s.": "Anfonwch hi at: %(receiver)s.",
    "The appeal is decided by the %(decider)s.": "Penderfynir ar yr apêl gan: %(decider)s.",
    "Grounds:": "Seiliau:",
    "There is no right of appeal.": "Nid oes hawl i apelio.",
    "Telephone: %(phone)s.": "Ffôn: %(phone)s.",
    # every page
    "published policy": "polisi cyhoeddedig",
    "staff guidance": "canllawiau i staff",
    "Version %(version)s, %(status)s. Last revised %(revised)s. Next review due by "
    "%(review)s.": "Fersiwn %(version)s, %(status)s. Diwygiwyd ddiwethaf %(revised)s. "
                   "Yr adolygiad nesaf erbyn %(review)s.",
    "PREVIEW: this version has not been approved for publication":
        "RHAGOLWG: nid yw’r fersiwn hon wedi’i chymeradwyo i’w chyhoeddi",
    "DRAFT: version %(version)s has not been approved":
        "DRAFFT: nid yw fersiwn %(version)s wedi’i chymeradwyo",
    "This policy is overdue for review since %(date)s":
        "Roedd y polisi hwn i fod i gael ei adolygu erbyn %(date)s",
    # the intranet: navigation and headings
    "Overview": "Trosolwg",
    "The policy": "Y polisi",
    "Stages": "Camau",
    "Protocols": "Protocolau",
    "Who decides": "Pwy sy’n penderfynu",
    "Reference pages": "Tudalennau cyfeirio",
    "Versions": "Fersiynau",
    "Staff guidance": "Canllawiau i staff",
    "What is here": "Beth sydd yma",
    "Decision matrix": "Matrics penderfyniadau",
    "decision matrix": "matrics penderfyniadau",
    "Special measures": "Mesurau arbennig",
    "Unacceptable behaviour": "Ymddygiad annerbyniol",
    "Timescales at a glance": "Amserlenni’n gryno",
    "Process flow": "Llif y broses",
    "Letters and forms": "Llythyrau a ffurflenni",
    "What changed in this version": "Beth sydd wedi newid yn y fersiwn hon",
    "Version archive": "Archif fersiynau",
    "Document control": "Rheoli dogfennau",
    "This is the internal guidance on the %(title)s of %(council)s.":
        "Dyma’r canllawiau mewnol ar %(title)s %(council)s.",
    "Version %(version)s (%(status)s).": "Fersiwn %(version)s (%(status)s).",
    "It is owned by the %(owner)s.": "Perchennog: %(owner)s.",
    "%(title)s (%(status)s).": "%(title)s (%(status)s).",
    "Published %(published)s.": "Cyhoeddwyd %(published)s.",
    "Next review due by %(review)s.": "Yr adolygiad nesaf i’w gynnal erbyn %(review)s.",
    "Version %(version)s, %(status)s.": "Fersiwn %(version)s, %(status)s.",
    "Status: %(status)s.": "Statws: %(status)s.",
    "Last revised %(revised)s.": "Diwygiwyd ddiwethaf %(revised)s.",
    "DRAFT: this policy has not been approved": "DRAFFT: nid yw’r polisi hwn wedi’i gymeradwyo",
    "The stages:": "Y camau:",
    "who may decide what": "pwy gaiff benderfynu beth",
    "by stage": "fesul cam",
    "definitions and examples": "diffiniadau ac enghreifftiau",
    "Protocol:": "Protocol:",
    "versions and approvals": "fersiynau a chymeradwyaethau",
    "public": "cyhoeddus",
    "internal": "mewnol",
    "members": "aelodau",
    # the decision matrix and roles
    "Who may take each decision under the policy, who prepares or recommends it, who must "
    "be consulted first and who is told. Where several roles may decide, the matrix says "
    "whether they decide jointly or any one of them may. Each name leads to that role's "
    "page.":
        "Pwy gaiff wneud pob penderfyniad o dan y polisi, pwy sy’n ei baratoi neu’n ei "
        "argymell, pwy y mae’n rhaid ymgynghori â nhw yn gyntaf a phwy sy’n cael gwybod. "
        "Lle gall sawl rôl benderfynu, mae’r matrics yn dweud a ydynt yn penderfynu ar y "
        "cyd neu a gaiff unrhyw un ohonynt benderfynu. Mae pob enw’n arwain at dudalen y "
        "rôl honno.",
    "Decision": "Penderfyniad",
    "Decided by": "Penderfynir gan",
    "Prepared by": "Paratoir gan",
    "Recommended by": "Argymhellir gan",
    "Consult first": "Ymgynghori yn gyntaf â",
    "Tell": "Rhoi gwybod i",
    "Notes": "Nodiadau",
    "By role": "Yn ôl rôl",
    "Everything this role does under the policy.":
        "Popeth y mae’r rôl hon yn ei wneud dan y polisi.",
    "May do at once": "Caiff weithredu ar unwaith",
    "Decides": "Yn penderfynu",
    "jointly: %(deciders)s": "ar y cyd: %(deciders)s",
    "Jointly:": "Ar y cyd:",
    "Any one of:": "Unrhyw un o’r canlynol:",
    "any one of: %(deciders)s": "unrhyw un o’r canlynol: %(deciders)s",
    "after consulting the %(consulted)s": "ar ôl ymgynghori â: %(consulted)s",
    "No decisions under this policy.": "Dim penderfyniadau o dan y polisi hwn.",
    "Prepares or recommends": "Yn paratoi neu’n argymell",
    "prepares the case and refers it to the %(deciders)s for decision.":
        "yn paratoi’r achos ac yn ei gyfeirio i gael penderfyniad gan: %(deciders)s.",
    "recommends, and refers it to the %(deciders)s for decision.":
        "yn argymell, ac yn ei gyfeirio i gael penderfyniad gan: %(deciders)s.",
    "Is consulted on": "Ymgynghorir â’r rôl ar",
    "Is told of": "Yn cael gwybod am",
    "Notifications": "Hysbysiadau",
    "Sends": "Yn anfon",
    "Receives": "Yn cael",
    "when a case enters %(stage)s": "pan ddaw achos i’r cam: %(stage)s",
    "when a case leaves %(stage)s": "pan fydd achos yn gadael y cam: %(stage)s",
    "Signs": "Yn llofnodi",
    "Receives appeals": "Yn cael apeliadau",
    "Appeals against:": "Apeliadau yn erbyn:",
    "Reports": "Adroddiadau",
    "Reports to the %(to)s": "Yn adrodd i: %(to)s",
    "Receives reports from the %(by)s": "Yn cael adroddiadau gan: %(by)s",
    "Receives reports": "Yn cael adroddiadau",
    "every %(period)s": "bob %(period)s",
    "Keeps": "Yn cadw",
    "This policy was due to be reviewed by %(date)s":
        "Roedd disgwyl adolygu’r polisi hwn erbyn %(date)s",
    "Page not found": "Heb ddod o hyd i’r dudalen",
    "Earlier versions": "Fersiynau cynharach",
    "Contact us about this policy": "Cysylltu â ni am y polisi hwn",
    "If you have a question about this policy, contact us:":
        "Os oes gennych gwestiwn am y polisi hwn, cysylltwch â ni:",
    "By post:": "Drwy’r post:",
    "Telephone:": "Ffôn:",
    "Email:": "E-bost:",
    "Website:": "Gwefan:",
    "Each earlier version as it was published.": "Pob fersiwn gynharach fel y’i cyhoeddwyd.",
    "Version %(version)s:": "Fersiwn %(version)s:",
    "There is no page at this address. Use the menu or the search to find what you are "
    "looking for.": "Does dim tudalen yn y cyfeiriad hwn. Defnyddiwch y ddewislen neu’r "
                    "chwiliad i ddod o hyd i’r hyn rydych chi’n chwilio amdano.",
    "decided by the %(decider)s": "penderfynir gan: %(decider)s",
    # stages
    "Entering this stage": "Dechrau’r cam hwn",
    "A case may start at this stage.": "Gall achos ddechrau ar y cam hwn.",
    "This stage may be used straight away, without the earlier stages.":
        "Gellir defnyddio’r cam hwn ar unwaith, heb y camau cynharach.",
    "From": "O",
    "Approved by:": "Cymeradwyir gan:",
    "jointly": "ar y cyd",
    "Prepared by:": "Paratoir gan:",
    "Recommended by:": "Argymhellir gan:",
    "Consult first:": "Ymgynghori yn gyntaf â:",
    "Tell:": "Rhoi gwybod i:",
    "See the": "Gweler y",
    "Monitoring": "Monitro",
    "Monitoring lasts %(period)s.": "Mae’r monitro’n para %(period)s.",
    "It never lasts more than %(period)s.": "Nid yw byth yn para mwy na %(period)s.",
    "A shorter period may be set where it is appropriate.":
        "Gellir pennu cyfnod byrrach lle bo’n briodol.",
    "The period may be extended.": "Gellir ymestyn y cyfnod.",
    "The stage lasts no longer than %(period)s.": "Nid yw’r cam yn para mwy na %(period)s.",
    "Records": "Cofnodion",
    "Records at this stage are deleted after %(period)s with no further activity.":
        "Caiff cofnodion ar y cam hwn eu dileu ar ôl %(period)s heb ragor o weithgarwch.",
    "Special measures allowed": "Mesurau arbennig a ganiateir",
    "No special measures are listed for this stage.":
        "Nid oes mesurau arbennig wedi’u rhestru ar gyfer y cam hwn.",
    "Review": "Adolygu",
    "Cases are reviewed within %(period)s of the decision by the %(decider)s.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’r penderfyniad gan: %(decider)s.",
    "Cases are reviewed within %(period)s of the entry by the %(decider)s.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’w dechrau gan: %(decider)s.",
    "Cases are reviewed within %(period)s of the last review by the %(decider)s.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’r adolygiad diwethaf gan: "
        "%(decider)s.",
    "Cases are reviewed within %(period)s of the decision.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’r penderfyniad.",
    "Cases are reviewed within %(period)s of the entry.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’w dechrau.",
    "Cases are reviewed within %(period)s of the last review.":
        "Caiff achosion eu hadolygu o fewn %(period)s i’r adolygiad diwethaf.",
    "Cases are reviewed at least every %(period)s.":
        "Caiff achosion eu hadolygu o leiaf bob %(period)s.",
    "The review is carried out by the %(decider)s.": "Cynhelir yr adolygiad gan: %(decider)s.",
    "Outcomes": "Canlyniadau",
    "continue": "parhau",
    "amend": "diwygio",
    "extend": "ymestyn",
    "renew": "adnewyddu",
    "reimpose": "ailosod",
    "lift": "codi",
    "escalate": "uwchgyfeirio",
    "close": "cau",
    "lapse": "dod i ben",
    "Who is told": "Pwy sy’n cael gwybod",
    "On entry:": "Wrth ddechrau:",
    "On exit:": "Wrth orffen:",
    "sent by the %(sender)s": "anfonir gan: %(sender)s",
    "Appeal": "Apêl",
    "Letter": "Llythyr",
    "Send the": "Anfonwch y",
    # measures
    "Measure": "Mesur",
    "What it does": "Beth mae’n ei wneud",
    "Acts on": "Yn effeithio ar",
    "Scope": "Cwmpas",
    "What to specify": "Beth i’w nodi",
    "nothing further": "dim byd pellach",
    "contact": "cysylltu",
    "telephone": "ffôn",
    "correspondence": "gohebiaeth",
    "premises": "adeiladau",
    "social media": "cyfryngau cymdeithasol",
    "complaint process": "y broses gwyno",
    "officer": "swyddog",
    "team": "tîm",
    "service": "gwasanaeth",
    "council": "cyngor",
    "Limits and deciders": "Terfynau a phwy sy’n penderfynu",
    "imposed by the %(decider)s;": "fe’i gosodir gan: %(decider)s;",
    "lasts at most %(period)s;": "mae’n para %(period)s ar y mwyaf;",
    "reviewed at least every %(period)s;": "fe’i hadolygir o leiaf bob %(period)s;",
    "may be made permanent in extreme cases;": "gellir ei wneud yn barhaol mewn achosion "
                                               "eithafol;",
    # behaviours
    "What the policy counts as unacceptable, with examples. The ids in brackets are the "
    "ones the letter desk and case files use.":
        "Yr hyn y mae’r polisi yn ei ystyried yn annerbyniol, gydag enghreifftiau. Y "
        "dynodwyr mewn cromfachau yw’r rhai a ddefnyddir gan y ddesg llythyrau ac mewn "
        "ffeiliau achos.",
    # timescales
    "Every period and deadline the policy sets. Working days leave out weekends and the "
    "bank holidays of %(nation)s.":
        "Pob cyfnod a therfyn amser y mae’r polisi’n eu pennu. Nid yw diwrnodau gwaith yn "
        "cynnwys penwythnosau na gwyliau banc %(nation)s.",
    "England": "Lloegr",
    "Wales": "Cymru",
    "Scotland": "yr Alban",
    "Northern Ireland": "Gogledd Iwerddon",
    "Applies to": "Yn berthnasol i",
    "What": "Beth",
    "Period": "Cyfnod",
    "Appeal against: %(decisions)s": "Apêl yn erbyn: %(decisions)s",
    "Case review (%(stages)s)": "Adolygu achos (%(stages)s)",
    "Report to the %(role)s": "Adroddiad i: %(role)s",
    "reviewed at least every": "adolygir o leiaf bob",
    "monitoring period": "cyfnod monitro",
    "longest monitoring period": "y cyfnod monitro hiraf",
    "longest duration": "yr hyd hiraf",
    "records kept with no activity for": "cedwir cofnodion heb weithgarwch am",
    "appeal window": "y cyfnod i apelio",
    "review at least every": "adolygu o leiaf bob",
    "reported every": "adroddir bob",
    "restriction lasts": "mae’r cyfyngiad yn para",
    # process flow
    "The diagram could not be drawn on this machine; the steps are listed below.":
        "Nid oedd modd llunio’r diagram ar y peiriant hwn; rhestrir y camau isod.",
    "The steps in words": "Y camau mewn geiriau",
    "A case may start here.": "Gall achos ddechrau yma.",
    "A case may start straight away at this stage.":
        "Gall achos ddechrau’n syth ar y cam hwn.",
    "When: %(when)s": "Pryd: %(when)s",
    "Open the diagram full size": "Agor y diagram yn ei faint llawn",
    "Case closed": "Achos wedi’i gau",
    "Conduct reported": "Rhoi gwybod am ymddygiad",
    "straight here": "yn syth yma",
    "decided by %(deciders)s": "penderfynir gan %(deciders)s",
    "Process flow diagram of the stages: %(stages)s. The steps are listed in words below.":
        "Diagram llif y broses o’r camau: %(stages)s. Rhestrir y camau mewn geiriau isod.",
    # protocols
    "Warnings before acting:": "Rhybuddion cyn gweithredu:",
    "Restriction lasts:": "Mae’r cyfyngiad yn para:",
    "Decided by:": "Penderfynir gan:",
    "What to do": "Beth i’w wneud",
    "Rules": "Rheolau",
    # letters
    "Each letter and form the policy uses, when to use it, who signs it and what it must "
    "say.": "Pob llythyr a ffurflen y mae’r polisi’n eu defnyddio, pryd i’w defnyddio, pwy "
            "sy’n eu llofnodi a beth y mae’n rhaid iddynt ei ddweud.",
    "To make a letter for a customer's case, use the letter desk in your browser: it asks "
    "only for the case details that letter needs, checks them against this policy, and "
    "keeps the case and the letters sent.":
        "I wneud llythyr ar gyfer achos cwsmer, defnyddiwch y ddesg llythyrau yn eich porwr: "
        "mae’n gofyn dim ond am fanylion yr achos sydd eu hangen ar y llythyr hwnnw, yn eu "
        "gwirio yn erbyn y polisi hwn, ac yn cadw’r achos a’r llythyrau a anfonwyd.",
    "Download the fill-in Word version, complete the highlighted blanks and check it "
    "before sending.":
        "Lawrlwythwch y fersiwn Word i’w llenwi, llenwch y bylchau sydd wedi’u hamlygu a’i "
        "gwirio cyn ei hanfon.",
    "Kind:": "Math:",
    "letter": "llythyr",
    "form": "ffurflen",
    "to the customer": "at y cwsmer",
    "to the staff": "at y staff",
    "to the members": "at yr aelodau",
    "to the officer": "at y swyddog",
    "When:": "Pryd:",
    "Signed by:": "Llofnodir gan:",
    "Must state:": "Rhaid nodi:",
    "Case details needed:": "Manylion yr achos sydd eu hangen:",
    "Download:": "Lawrlwytho:",
    "The form asks:": "Mae’r ffurflen yn gofyn:",
    "reasons": "y rhesymau",
    "expectations": "yr hyn a ddisgwylir",
    "measures": "y mesurau",
    "duration": "yr hyd",
    "review date": "dyddiad adolygu",
    "appeal right": "yr hawl i apelio",
    "appeal deadline": "y dyddiad olaf i apelio",
    "no appeal": "dim hawl i apelio",
    "ombudsman": "yr ombwdsmon",
    "single point of contact": "un pwynt cyswllt",
    "policy enclosed": "copi o’r polisi wedi’i amgáu",
    "potential outcome": "y canlyniad posibl",
    "decision maker": "y sawl sy’n penderfynu",
    "statutory rights": "hawliau statudol",
    "retention": "cadw cofnodion",
    "reference": "cyfeirnod",
    "customer name": "enw’r cwsmer",
    "address": "cyfeiriad",
    "channels": "sianeli",
    "behaviours": "ymddygiad",
    "incidents": "digwyddiadau",
    "stage": "cam",
    "decision date": "dyddiad y penderfyniad",
    "adjustments": "addasiadau",
    # document control and versions
    "Title": "Teitl",
    "Reference": "Cyfeirnod",
    "Status": "Statws",
    "Owner": "Perchennog",
    "Author": "Awdur",
    "Service area": "Maes gwasanaeth",
    "Policy reviewed every": "Adolygir y polisi bob",
    "Marking of %(part)s": "Marcio %(part)s",
    "Version history": "Hanes fersiynau",
    "Date": "Dyddiad",
    "What changed": "Beth a newidiodd",
    "Approvals": "Cymeradwyaethau",
    "Name": "Enw",
    "Role": "Rôl",
    "No approvals are recorded yet.": "Nid oes cymeradwyaethau wedi’u cofnodi eto.",
    "Related policies": "Polisïau cysylltiedig",
    "The list of changes is kept in English; see the English version of this page.":
        "Cedwir y rhestr o newidiadau yn Saesneg; gweler fersiwn Saesneg y dudalen hon.",
    "The version archive is kept in English; see the English version of this page.":
        "Cedwir yr archif fersiynau yn Saesneg; gweler fersiwn Saesneg y dudalen hon.",
}

#: Each language's catalogue; letters add their own words (generator/letter_words.py).
CATALOGUES = {"cy": {**LETTER_WELSH, **WELSH}}


def gettext(language: str) -> Callable[[str], str]:
    """The translation function templates call as _(); English passes through."""
    catalogue = CATALOGUES.get(language)
    if catalogue is None:
        return lambda message: message
    return lambda message: catalogue.get(message) or marker(f"ui: {message}")
