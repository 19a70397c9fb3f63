"""The Welsh of the letter templates: each English paragraph or cell of
:mod:`generator.make_templates`, as the Welsh templates in ``letter_templates/cy/`` say it.

The variables are those of the English text. Welsh mutates the first letter of a word after
many words (``i``, ``o``, ``gan``, ``at``, ``ein``), and a variable's value cannot mutate, so
a name the source supplies (a role, the policy's title, the ombudsman) follows a colon or
stands in brackets rather than after such a word; dates and periods begin with a digit
and never mutate. ``None`` would leave a sentence out of the Welsh template.
"""

from __future__ import annotations

from generator.make_templates import APPEAL_ROUTE, ASK_FOR, CONTACT

#: CONTACT with its words in Welsh.
CONTACT_CY = CONTACT.replace(", telephone ", ", ffôn ").replace(", email ", ", e-bost ")
#: ASK_FOR with its words in Welsh (the name follows a colon, so it need not mutate).
ASK_FOR_CY = ASK_FOR.replace(" on {{", ", ffôn {{").replace(" or by email at ", ", e-bost ")


def _decided(english: str, welsh: str) -> dict[str, str]:
    """The decision maker's sentence: "This decision was taken by NAME, ROLE, on DATE."."""
    rest = (" {{ decision_maker.name }}, {{ decision_maker.role }}{% if decision_date %}, "
            "{word} {{ decision_date }}{% endif %}.")
    return {english + rest.replace("{word}", "on"): welsh + rest.replace("{word}", "ar")}


WELSH: dict[str, str | None] = {
    # letter opening and closing
    "Our reference: {{ reference }}": "Ein cyfeirnod: {{ reference }}",
    "Date: {{ date }}": "Dyddiad: {{ date }}",
    "Dear {{ salutation if salutation else 'Sir or Madam' }}":
        "Annwyl {{ salutation if salutation else 'Syr/Madam' }}",
    "Your reference: {{ your_reference }}": "Eich cyfeirnod: {{ your_reference }}",
    "Please ask for: {{ contact.name }}": "Gofynnwch am: {{ contact.name }}",
    "Direct line: {{ contact.phone }}": "Llinell uniongyrchol: {{ contact.phone }}",
    "Email: {{ contact.email }}": "E-bost: {{ contact.email }}",
    "{% if council.phone %}Telephone {{ council.phone }}{% endif %}"
    "{% if council.phone and council.email %}. {% endif %}"
    "{% if council.email %}Email {{ council.email }}{% endif %}":
        "{% if council.phone %}Ffôn {{ council.phone }}{% endif %}"
        "{% if council.phone and council.email %}. {% endif %}"
        "{% if council.email %}E-bost {{ council.email }}{% endif %}",
    "{{ council.name }}{% if reference %}. Our reference: {{ reference }}{% endif %}. "
    "{{ letter.title if not letter.for_customer else date }}":
        "{{ council.name }}{% if reference %}. Ein cyfeirnod: {{ reference }}{% endif %}. "
        "{{ letter.title if not letter.for_customer else date }}",
    "If you have any questions about this letter, please contact " + ASK_FOR
    + ", quoting our reference.":
        "Os oes gennych unrhyw gwestiynau am y llythyr hwn, cysylltwch â’r person canlynol: "
        + ASK_FOR_CY + ", gan ddyfynnu ein cyfeirnod.",
    "Enclosed: {{ policy.title }}": "Amgaeëdig: {{ policy.title }}",
    "Yours sincerely": "Yn gywir",
    # what a customer letter must state
    "The conduct that concerns us is:": "Dyma’r ymddygiad sy’n peri pryder i ni:",
    "In particular:": "Yn benodol:",
    "{{ i.date }}, by {{ i.channel }}: {{ i.summary }}":
        "{{ i.date }} ({{ i.channel }}): {{ i.summary }}",
    "From now on we ask you to keep to the following:":
        "O hyn ymlaen, gofynnwn i chi gadw at y canlynol:",
    "How you may contact us": "Sut y cewch gysylltu â ni",
    "These arrangements apply to your contact with us:":
        "Mae’r trefniadau hyn yn berthnasol i’r ffordd rydych yn cysylltu â ni:",
    "{{ m.name }}: {{ m.for_customer }} This applies {{ m.scope }}.{% for d in m.details %} "
    "{{ d }}.{% endfor %} It starts on {{ m.starts }}{% if m.ends %} and ends on {{ m.ends }}"
    "{% endif %}.":
        "{{ m.name }}: {{ m.for_customer }} Mae hyn yn berthnasol {{ m.scope }}."
        "{% for d in m.details %} {{ d }}.{% endfor %} Mae’n dechrau ar {{ m.starts }}"
        "{% if m.ends %} ac yn dod i ben ar {{ m.ends }}{% endif %}.",
    "{% if contact.name %}While these arrangements apply, you can still contact us through "
    + ASK_FOR + ".{% endif %}":
        "{% if contact.name %}Tra bydd y trefniadau hyn ar waith, gallwch barhau i gysylltu â "
        "ni drwy’r person canlynol: " + ASK_FOR_CY + ".{% endif %}",
    "We have changed the way we write to you:":
        "Rydym wedi newid y ffordd rydym yn ysgrifennu atoch:",
    "From the date of this letter, please contact us only through " + CONTACT + ".":
        "O ddyddiad y llythyr hwn ymlaen, dim ond drwy’r person canlynol y dylech gysylltu â "
        "ni: " + CONTACT_CY + ".",
    "We will monitor your contact with us for {{ monitoring.period }}, until "
    "{{ monitoring.ends }}.{% if monitoring.may_extend %} We may extend this period if your "
    "conduct does not change.{% endif %}":
        "Byddwn yn monitro eich cysylltiad â ni am {{ monitoring.period }}, tan "
        "{{ monitoring.ends }}.{% if monitoring.may_extend %} Gallwn ymestyn y cyfnod hwn os "
        "na fydd eich ymddygiad yn newid.{% endif %}",
    "These arrangements last for {{ duration }}.": "Bydd y trefniadau hyn yn para {{ duration }}.",
    "We will review these arrangements by {{ review.due }} and write to you with the result.":
        "Byddwn yn adolygu’r trefniadau hyn erbyn {{ review.due }} ac yn ysgrifennu atoch "
        "gyda’r canlyniad.",
    "What happens next depends on how you contact us from now on. It may be that:":
        "Bydd yr hyn sy’n digwydd nesaf yn dibynnu ar y ffordd y byddwch yn cysylltu â ni o hyn "
        "ymlaen. Gallai’r canlynol ddigwydd:",
    "When a case closes we keep its records for {{ retention.period }} after the last contact "
    "and then delete them.":
        "Pan fydd achos yn cau, rydym yn cadw ei gofnodion am {{ retention.period }} ar ôl y "
        "cyswllt diwethaf, ac yna’n eu dileu.",
    "Nothing in these arrangements takes away your right:":
        "Nid yw’r trefniadau hyn yn dileu eich hawl:",
    "We enclose a copy of our {{ policy.title }}, which explains how and why we manage contact "
    "like this.":
        "Rydym yn amgáu copi o’n pholisi sy’n esbonio sut a pham rydym yn rheoli cyswllt fel "
        "hyn: {{ policy.title }}.",
    **_decided("This decision was taken by", "Gwnaed y penderfyniad hwn gan"),
    **_decided("The review was decided by", "Penderfynwyd ar yr adolygiad gan"),
    **_decided("Your appeal will be decided by", "Bydd eich apêl yn cael ei phenderfynu gan"),
    **_decided("Your appeal was decided by", "Penderfynwyd ar eich apêl gan"),
    "If you disagree": "Os ydych yn anghytuno",
    "You may appeal{% if appeal.in_writing %} in writing{% endif %}{% if appeal.to %} to the "
    "{{ appeal.to }}{% endif %} within {{ appeal.window }} of {{ appeal.counted_from }}"
    "{% if 'appeal_deadline' in states %}, that is by {{ appeal.deadline }}{% endif %}."
    "{% if appeal.grounds %} {{ appeal.grounds }}{% endif %}":
        "Gallwch apelio{% if appeal.in_writing %} yn ysgrifenedig{% endif %} o fewn "
        "{{ appeal.window }} {{ appeal.counted_from }}{% if 'appeal_deadline' in states %}, "
        "hynny yw erbyn {{ appeal.deadline }}{% endif %}.{% if appeal.to %} Dylid cyfeirio’r "
        "apêl at: {{ appeal.to }}.{% endif %}{% if appeal.grounds %} {{ appeal.grounds }}"
        "{% endif %}",
    "Please send your appeal to:": "Anfonwch eich apêl i’r cyfeiriad canlynol:",
    "{% if appeal.by %}The appeal is decided by the {{ appeal.by }}.{% endif %}":
        "{% if appeal.by %}Gwneir y penderfyniad ar yr apêl gan: {{ appeal.by }}.{% endif %}",
    "There is no right of appeal against this decision under our {{ policy.title }}. "
    "{{ appeal.reason }}":
        "Nid oes hawl i apelio yn erbyn y penderfyniad hwn o dan ein pholisi "
        "({{ policy.title }}). {{ appeal.reason }}",
    "If you are unhappy with the way we have dealt with this, you can ask an independent "
    "ombudsman to look into it:":
        "Os ydych yn anfodlon ar y ffordd rydym wedi delio â hyn, gallwch ofyn i ombwdsmon "
        "annibynnol ymchwilio:",
    "{{ o.name }}{% if o.applies_when %} ({{ o.applies_when }}){% endif %}{% if o.url %}, "
    "{{ o.url }}{% endif %}{% if o.phone %}, telephone {{ o.phone }}{% endif %}"
    "{% if o.email %}, email {{ o.email }}{% endif %}{% if o.address %}, "
    "{{ o.address|join(', ') }}{% endif %}":
        "{{ o.name }}{% if o.applies_when %} ({{ o.applies_when }}){% endif %}{% if o.url %}, "
        "{{ o.url }}{% endif %}{% if o.phone %}, ffôn {{ o.phone }}{% endif %}"
        "{% if o.email %}, e-bost {{ o.email }}{% endif %}{% if o.address %}, "
        "{{ o.address|join(', ') }}{% endif %}",
    # the letters' own paragraphs
    "We are writing to you under our {{ policy.title }} about the way you have been in contact "
    "with us.{% if stage_for_customer %} {{ stage_for_customer }}{% endif %}":
        "Rydym yn ysgrifennu atoch o dan ein pholisi ({{ policy.title }}) ynghylch y ffordd "
        "rydych wedi bod mewn cysylltiad â ni.{% if stage_for_customer %} "
        "{{ stage_for_customer }}{% endif %}",
    "We would much rather not restrict how you contact us, and we hope this letter helps us to "
    "go on working with you.":
        "Byddai’n llawer gwell gennym beidio â chyfyngu ar y ffordd rydych yn cysylltu â ni, a "
        "gobeithiwn y bydd y llythyr hwn yn ein helpu i barhau i weithio gyda chi.",
    "We have decided to manage the way you contact us. This letter explains why and what the "
    "arrangements are{% if " + APPEAL_ROUTE + " %}, and what you can do if you disagree"
    "{% endif %}.":
        "Rydym wedi penderfynu rheoli’r ffordd rydych yn cysylltu â ni. Mae’r llythyr hwn yn "
        "esbonio pam a beth yw’r trefniadau{% if " + APPEAL_ROUTE + " %}, a beth y gallwch ei "
        "wneud os ydych yn anghytuno{% endif %}.",
    "We have been monitoring your contact with us under our {{ policy.title }}. We have looked "
    "at how you contacted us during that time and are satisfied with it, so we will not "
    "monitor your contact any longer.":
        "Rydym wedi bod yn monitro eich cysylltiad â ni o dan ein pholisi ({{ policy.title }}). "
        "Rydym wedi edrych ar y ffordd y gwnaethoch gysylltu â ni yn ystod y cyfnod hwnnw ac "
        "rydym yn fodlon arni, felly ni fyddwn yn monitro eich cysylltiad mwyach.",
    "Thank you for your co-operation. You may contact us in the usual way.":
        "Diolch am eich cydweithrediad. Cewch gysylltu â ni yn y ffordd arferol.",
    "We wrote to you earlier to say that your contact with us would be monitored. Your contact "
    "has not changed enough during that time, so {% if decision %}the {{ decision.by }} has"
    "{% else %}we have{% endif %} decided to put the arrangements below in place.":
        "Ysgrifennom atoch yn gynharach i ddweud y byddem yn monitro eich cysylltiad â ni. Nid "
        "yw eich cysylltiad wedi newid digon yn ystod y cyfnod hwnnw, felly penderfynwyd rhoi’r "
        "trefniadau isod ar waith.{% if decision %} Gwnaed y penderfyniad gan: "
        "{{ decision.by }}.{% endif %}",
    "We have reviewed the arrangements for managing your contact with us.":
        "Rydym wedi adolygu’r trefniadau ar gyfer rheoli eich cysylltiad â ni.",
    "The arrangements will continue as they are.": "Bydd y trefniadau’n parhau fel y maent.",
    "The arrangements will change, as set out below.":
        "Bydd y trefniadau’n newid, fel y nodir isod.",
    "The arrangements will last longer.": "Bydd y trefniadau’n para’n hirach.",
    "Your case will move to the next stage of our {{ policy.title }}.":
        "Bydd eich achos yn symud i’r cam nesaf o dan ein pholisi ({{ policy.title }}).",
    "The arrangements have ended and your case is closed.":
        "Mae’r trefniadau wedi dod i ben ac mae eich achos wedi’i gau.",
    "Outcome of the review: {{ outcome.review }}": "Canlyniad yr adolygiad: {{ outcome.review }}",
    "Thank you for your appeal, which we received on {{ outcome.appeal_received }}.":
        "Diolch am eich apêl, a gawsom ar {{ outcome.appeal_received }}.",
    "{% if decision %}It will be considered by the {{ decision.by }}, who will write to you "
    "with the result.{% endif %}":
        "{% if decision %}Bydd eich apêl yn cael ei hystyried gan: {{ decision.by }}. Cewch "
        "wybod y canlyniad yn ysgrifenedig.{% endif %}",
    "We have now considered your appeal{% if outcome.appeal_received %}, which we received on "
    "{{ outcome.appeal_received }}{% endif %}.":
        "Rydym bellach wedi ystyried eich apêl{% if outcome.appeal_received %}, a gawsom ar "
        "{{ outcome.appeal_received }}{% endif %}.",
    "The outcome of your appeal: {{ outcome.appeal }}.":
        "Canlyniad eich apêl: {{ outcome.appeal }}.",
    "This decision ends our own process.":
        "Mae’r penderfyniad hwn yn dod â’n proses ein hunain i ben.",
    "We have received correspondence{% if channels %} by {{ channels|join(' and ') }}{% endif %} "
    "that does not tell us who sent it. We do not act on correspondence when we do not know "
    "who it comes from.":
        "Rydym wedi cael gohebiaeth{% if channels %} ({{ channels|join(', ') }}){% endif %} nad "
        "yw’n dweud wrthym pwy a’i hanfonodd. Nid ydym yn gweithredu ar ohebiaeth pan nad ydym "
        "yn gwybod gan bwy y daeth.",
    "If you do not tell us who you are, we will not take the matter further, and further "
    "correspondence without a name will be filed without a reply.":
        "Os na fyddwch yn dweud wrthym pwy ydych, ni fyddwn yn mynd â’r mater ymhellach, a bydd "
        "unrhyw ohebiaeth bellach heb enw yn cael ei ffeilio heb ateb.",
    # staff notices
    "To: {% if notify.entry %}{{ notify.entry }}{% else %}all staff who deal with the customer"
    "{% endif %}":
        "At: {% if notify.entry %}{{ notify.entry }}{% else %}yr holl staff sy’n delio â’r "
        "cwsmer{% endif %}",
    "From: {{ signatory.role }}": "Oddi wrth: {{ signatory.role }}",
    "Case reference: {{ reference }}": "Cyfeirnod yr achos: {{ reference }}",
    "Customer: {{ customer_name }}": "Cwsmer: {{ customer_name }}",
    "Internal: not for the customer. Handle under the {{ policy.title }}.":
        "Mewnol: nid i’r cwsmer. Ymdriniwch â’r achos o dan y polisi hwn: {{ policy.title }}.",
    "Do not accept telephone calls from this customer for {{ restriction.period }}, from "
    "{{ date }} until {{ restriction.ends }}.":
        "Peidiwch â derbyn galwadau ffôn gan y cwsmer hwn am {{ restriction.period }}, o "
        "{{ date }} tan {{ restriction.ends }}.",
    "A call from the customer was ended under our {{ policy.title }}, and they called again "
    "without changing their conduct.":
        "Daethpwyd â galwad gan y cwsmer i ben o dan ein pholisi ({{ policy.title }}), a "
        "ffoniodd y cwsmer eto heb newid yr ymddygiad.",
    "Conduct that led to this:": "Yr ymddygiad a arweiniodd at hyn:",
    "What applies": "Beth sy’n berthnasol",
    "Pass any contact from the customer to " + CONTACT + ".":
        "Trosglwyddwch unrhyw gyswllt gan y cwsmer i’r person canlynol: " + CONTACT_CY + ".",
    "The customer has been asked to keep to the following:":
        "Gofynnwyd i’r cwsmer gadw at y canlynol:",
    "Contact is monitored for {{ monitoring.period }}, until {{ monitoring.ends }}.":
        "Mae cyswllt yn cael ei fonitro am {{ monitoring.period }}, tan {{ monitoring.ends }}.",
    "The arrangements last for {{ duration }}.": "Mae’r trefniadau’n para {{ duration }}.",
    "They will be reviewed by {{ review.due }}.":
        "Byddant yn cael eu hadolygu erbyn {{ review.due }}.",
    "Records of the case are kept for {{ retention.period }} after the last contact, then "
    "deleted.":
        "Mae cofnodion yr achos yn cael eu cadw am {{ retention.period }} ar ôl y cyswllt "
        "diwethaf, ac yna’n cael eu dileu.",
    **_decided("Decided by", "Penderfynwyd gan"),
    "From {{ date }}, contact from this customer is managed under our {{ policy.title }}"
    "{% if stage_name %} ({{ stage_name }}){% endif %}.":
        "O {{ date }} ymlaen, mae cyswllt gan y cwsmer hwn yn cael ei reoli o dan ein pholisi "
        "({{ policy.title }}){% if stage_name %}, ar y cam hwn: {{ stage_name }}{% endif %}.",
    "Tell your manager straight away if the customer contacts you in another way.":
        "Rhowch wybod i’ch rheolwr ar unwaith os bydd y cwsmer yn cysylltu â chi mewn ffordd "
        "arall.",
    "The arrangements for managing contact from this customer ended on {{ date }}. Deal with "
    "their contact in the usual way from now on.":
        "Daeth y trefniadau ar gyfer rheoli cyswllt gan y cwsmer hwn i ben ar {{ date }}. O hyn "
        "ymlaen, ymdriniwch â chyswllt gan y cwsmer yn y ffordd arferol.",
    # forms
    "Use this form to ask a Chief Officer for advice on a case before a formal decision is "
    "taken.":
        "Defnyddiwch y ffurflen hon i ofyn i Brif Swyddog am gyngor ar achos cyn i benderfyniad "
        "ffurfiol gael ei wneud.",
    "{% if decision %}Complete this form to ask for the decision: {{ decision.title }}."
    "{% if decision.prepared_by %} It is prepared by the {{ decision.prepared_by }}.{% endif %}"
    "{% if decision.recommended_by %} The {{ decision.recommended_by }} makes a recommendation."
    "{% endif %} The decision is taken by the {{ decision.by }}.{% endif %}":
        "{% if decision %}Llenwch y ffurflen hon i ofyn am y penderfyniad hwn: "
        "{{ decision.title }}.{% if decision.prepared_by %} Fe’i paratoir gan: "
        "{{ decision.prepared_by }}.{% endif %}{% if decision.recommended_by %} Gwneir "
        "argymhelliad gan: {{ decision.recommended_by }}.{% endif %} Gwneir y penderfyniad gan: "
        "{{ decision.by }}.{% endif %}",
    "Complete this form as soon as you can after an incident in which you felt threatened, and "
    "give it to your manager.":
        "Llenwch y ffurflen hon cyn gynted ag y gallwch ar ôl digwyddiad pan oeddech yn teimlo "
        "dan fygythiad, a’i rhoi i’ch rheolwr.",
    "This agreement sets out how you and {{ council.name }} will be in contact from now on.":
        "Mae’r cytundeb hwn yn nodi sut y byddwch chi a’r cyngor ({{ council.name }}) yn "
        "cysylltu â’ch gilydd o hyn ymlaen.",
    "{% if letter.for_customer %}Please sign both copies: you keep one and {{ council.name }} "
    "keeps the other.{% else %}{{ policy.title }}, version {{ policy.version }}. Internal: "
    "handle as personal information.{% endif %}":
        "{% if letter.for_customer %}Llofnodwch y ddau gopi: byddwch chi’n cadw un a bydd y "
        "cyngor ({{ council.name }}) yn cadw’r llall.{% else %}{{ policy.title }}, fersiwn "
        "{{ policy.version }}. Mewnol: ymdriniwch â hyn fel gwybodaeth bersonol.{% endif %}",
    "Completed by": "Llenwyd gan",
    "Each question, with room for the answer below it":
        "Pob cwestiwn, gyda lle i’r ateb oddi tano",
    "Name": "Enw",
    "Job title": "Teitl swydd",
    "Signature": "Llofnod",
    "Date": "Dyddiad",
    "Signed by the customer": "Llofnodwyd gan y cwsmer",
    "Signed for {{ council.name }}": "Llofnodwyd ar ran y cyngor: {{ council.name }}",
    "Case details": "Manylion yr achos",
    "Detail": "Manylyn",
    "Entry": "Cofnod",
    "Questions": "Cwestiynau",
    "Question": "Cwestiwn",
    "Answer": "Ateb",
    # the rows of a form's case details
    "Reference": "Cyfeirnod",
    "Customer": "Cwsmer",
    "Address": "Cyfeiriad",
    "Ways of contact used": "Dulliau cysylltu a ddefnyddiwyd",
    "Conduct": "Ymddygiad",
    "Incidents": "Digwyddiadau",
    "Stage": "Cam",
    "Measures": "Mesurau",
    "Date of decision": "Dyddiad y penderfyniad",
    "Decision maker": "Y sawl a wnaeth y penderfyniad",
    "Single point of contact": "Un pwynt cyswllt",
    CONTACT: CONTACT_CY,
    "Reasonable adjustments considered": "Addasiadau rhesymol a ystyriwyd",
}
