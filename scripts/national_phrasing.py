"""How people type questions about councils' Ofsted inspections: the phrasing tables.

Hand-written, so the national evaluation set is varied: many phrasings per kind of
question, the short names and abbreviations people use for councils, and the typos they
make. build_national_eval.py picks from these tables by a seeded hash, so the set is
the same on every run. Placeholders: {c} a council as typed, {cs} its possessive without
an apostrophe ("rochdales"), {y} a year, {j} a judgement, {t} a topic.
"""

from __future__ import annotations

#: Council (folder name without URN) → the ways people type it; the first is the most common.
#: Councils not listed are typed as their lower-case name with "and" for "&".
COUNCIL_FORMS = {
    "bournemouth, christchurch & poole": ["bcp", "bournemouth christchurch and poole", "bournemouth"],
    "bath and north east somerset": ["banes", "bath and north east somerset", "bath and ne somerset"],
    "buckinghamshire": ["bucks", "buckinghamshire"],
    "cambridgeshire": ["cambs", "cambridgeshire"],
    "hertfordshire": ["herts", "hertfordshire"],
    "south gloucestershire": ["south glos", "south gloucestershire"],
    "gloucestershire": ["glos", "gloucestershire"],
    "north northamptonshire": ["north northants", "north northamptonshire"],
    "west northamptonshire": ["west northants", "west northamptonshire"],
    "nottinghamshire": ["notts", "nottinghamshire"],
    "leicestershire": ["leics", "leicestershire"],
    "lancashire": ["lancs", "lancashire"],
    "oxfordshire": ["oxon", "oxfordshire"],
    "wiltshire": ["wilts", "wiltshire"],
    "hampshire": ["hants", "hampshire"],
    "staffordshire": ["staffs", "staffordshire"],
    "worcestershire": ["worcs", "worcestershire"],
    "lincolnshire": ["lincs", "lincolnshire"],
    "north yorkshire": ["north yorks", "north yorkshire"],
    "east riding of yorkshire": ["east riding", "east riding of yorkshire"],
    "kingston upon hull": ["hull", "kingston upon hull"],
    "kingston upon thames": ["kingston upon thames", "royal borough of kingston"],  # "kingston" alone is also hull
    "richmond upon thames": ["richmond upon thames", "richmond london"],
    "newcastle upon tyne": ["newcastle", "newcastle upon tyne"],
    "stoke-on-trent": ["stoke", "stoke on trent"],
    "stockton-on-tees": ["stockton", "stockton on tees"],
    "southend-on-sea": ["southend", "southend on sea"],
    "telford & wrekin": ["telford", "telford and wrekin"],
    "windsor & maidenhead": ["windsor and maidenhead", "rbwm"],
    "kensington and chelsea": ["rbkc", "kensington and chelsea", "kensington"],
    "hammersmith and fulham": ["hammersmith and fulham", "hammersmith", "lbhf"],
    "barking and dagenham": ["barking and dagenham", "barking"],
    "blackburn with darwen": ["blackburn", "blackburn with darwen"],
    "brighton and hove": ["brighton", "brighton and hove"],
    "london corporation": ["city of london", "city of london corporation"],
    "cheshire west and chester": ["cheshire west", "cheshire west and chester"],
    "durham": ["durham", "county durham"],
    "isles of scilly": ["isles of scilly", "scilly"],
    "isle of wight": ["isle of wight", "iow"],
    "central bedfordshire": ["central beds", "central bedfordshire"],
    "redcar and cleveland": ["redcar", "redcar and cleveland"],
    "north east lincolnshire": ["ne lincs", "north east lincolnshire"],
    "north lincolnshire": ["north lincs", "north lincolnshire"],
    "milton keynes": ["milton keynes", "mk"],
    "west berkshire": ["west berks", "west berkshire"],
    "bracknell forest": ["bracknell", "bracknell forest"],
    "westmorland and furness": ["westmorland and furness", "westmorland"],
    "york": ["york", "city of york"],
    "herefordshire": ["herefordshire", "hereford"],
}

#: Misspellings people make of council names (applied to about one question in ten).
COUNCIL_TYPOS = {
    "plymouth": "plymoth", "northumberland": "northumberlnd", "manchester": "manchster",
    "birmingham": "birmingam", "liverpool": "liverpol", "leicestershire": "leicstershire",
    "nottingham": "nottinghm", "southampton": "southhampton", "middlesbrough": "middlesborough",
    "peterborough": "peterbrough", "hertfordshire": "hertfordshre", "gloucestershire": "glocestershire",
    "worcestershire": "worcestshire", "warwickshire": "warwickshre", "staffordshire": "stafordshire",
    "cambridgeshire": "cambridgshire", "oxfordshire": "oxforshire", "lincolnshire": "lincolshire",
    "derbyshire": "derbyshre", "wolverhampton": "wolverhamton", "sunderland": "sunderlnd",
    "newcastle": "newcastel", "doncaster": "doncastor", "rotherham": "rotheram", "barnsley": "barnsely",
    "sheffield": "sheffeild", "wakefield": "wakefeild", "calderdale": "calderdle", "kirklees": "kirkless",
    "bradford": "bradfrod", "blackpool": "blackpol", "lancashire": "lancashre", "cornwall": "cornwal",
    "somerset": "somerest", "wiltshire": "wilsthire", "portsmouth": "portsmoth", "brighton": "brigton",
    "hampshire": "hampshre", "surrey": "surey", "croydon": "croyden", "lewisham": "lewisam",
    "greenwich": "greenwhich", "hackney": "hackny", "islington": "islingon", "southwark": "southwork",
    "lambeth": "lambath", "wandsworth": "wandsworh", "hillingdon": "hilingdon", "hounslow": "hounslo",
    "haringey": "harringey", "redbridge": "redbrige", "havering": "havring", "barnet": "barnett",
    "enfield": "enfeild", "bromley": "bromly", "bexley": "bexly", "westminster": "westminister",
    "camden": "camdem", "stockport": "stockprt", "oldham": "oldam", "rochdale": "rochdle",
    "salford": "salfrod", "trafford": "traford", "knowsley": "knowsly", "wirral": "wirrall",
    "warrington": "warington", "gateshead": "gatehead", "darlington": "darlingon", "hartlepool": "hartlepol",
    "leicester": "leicster", "coventry": "coventy", "walsall": "walsal", "sandwell": "sandwel",
    "solihull": "solihul", "shropshire": "shropshre", "herefordshire": "herefodshire", "norfolk": "norflok",
    "suffolk": "suffok", "thurrock": "thurock", "bedford": "bedfrod", "buckinghamshire": "buckinghamshre",
    "wokingham": "wokinham", "medway": "medwy", "northamptonshire": "northamptonshre", "dorset": "dorest",
    "cumberland": "cumberlnd", "tameside": "tamside", "halton": "hatlon", "sefton": "sefon",
    "torbay": "torbey", "swindon": "swindn", "bristol": "bristl", "devon": "devn", "essex": "esex",
    "luton": "lutn", "slough": "slogh", "reading": "readng", "rutland": "rutlnd", "kent": "kentt",
    "wigan": "wigen", "bolton": "boltn", "bury": "burry", "leeds": "leds", "york": "yrok",
}

#: Misspellings of the other words in questions.
WORD_TYPOS = {
    "inspected": "inspectd", "inspection": "inspecton", "ofsted": "ofstead", "rating": "ratng",
    "grade": "grdae", "judged": "juged", "leavers": "leavrs", "improve": "improove",
    "protection": "protecton", "inspectors": "inspecters", "inadequate": "inadequete", "council": "councl",
    "happened": "happend", "leadership": "leadershp", "since": "sinse", "children": "childen",
}

TEMPLATES = {
    "last_inspected": [
        "when was {c} last inspected", "{c} last ofsted inspection", "when did ofsted last inspect {c}",
        "{cs} last inspection dates", "last time ofsted went into {c}", "when were {cs} childrens services last inspected",
        "most recent ofsted inspection of {c}?", "{c} ofsted when", "when did ofsted last visit {c} childrens services",
        "what were the dates of {cs} latest inspection", "{c} latest inspection date", "has {c} been inspected recently",
    ],
    "last_inspected_past": [
        "when was {c} last inspected", "{cs} most recent ofsted inspection", "when did ofsted last inspect {c}",
        "{c} last inspection dates", "latest ofsted inspection of {c} childrens services", "when was {cs} last full inspection",
        "dates of the last {c} inspection", "{c} ofsted last visit when",
    ],
    "current_grade": [
        "hows {c} doing", "{c} ofsted rating?", "what did {c} get last time", "what is {cs} current ofsted grade",
        "{cs} rating", "is {c} good or outstanding", "{c} childrens services grade", "current ofsted judgement for {c}",
        "what are {c} rated", "overall effectiveness {c}", "{c} ofsted grade now", "how is {c} rated by ofsted",
        "what grade are {cs} childrens services",
    ],
    "current_grade_past": [
        "what is {cs} ofsted rating", "{c} current grade", "hows {c} rated", "what grade does {c} have",
        "{c} overall effectiveness", "what is {c} rated at the moment", "{cs} latest ofsted judgement",
        "is {c} inadequate", "{c} ofsted rating now",
    ],
    "judgement": [
        "how was {j} judged in {c}", "{c} {j} grade", "what did {c} get for {j}", "{cs} {j} rating",
        "ofsted judgement on {j} in {c}", "how did ofsted rate {j} at {c}", "{j} in {c} what grade",
        "whats the grade for {j} {c}",
    ],
    "judgement_year": [
        "how was {j} judged in {c} in {y}", "{c} {y} {j} grade", "what did {c} get for {j} in {y}",
    ],
    "grade_in_year": [
        "{c} {y} grade", "what did {c} get in {y}", "{cs} ofsted rating in {y}", "how was {c} judged in {y}",
        "what was {cs} overall effectiveness in {y}", "{c} ofsted {y}", "grade for {c} inspection {y}",
        "what grade did ofsted give {c} in {y}", "{y} ofsted result for {c}",
    ],
    "lead_inspector": [
        "who led {cs} {y} inspection", "lead inspector {c} {y}", "who was the lead inspector for {c} in {y}",
        "{c} {y} ofsted lead inspector", "who inspected {c} in {y}", "name of the hmi who led {cs} inspection in {y}",
        "who was in charge of the {y} ofsted inspection of {c}",
    ],
    "topic": [
        "what did ofsted say about {t} in {c}", "what did inspectors say about {cs} {t}", "{c} {t} ofsted",
        "how is {c} doing on {t}", "what does the last {c} report say about {t}", "{t} in {c} inspection findings",
        "ofsted comments on {t} at {c}", "anything about {t} in the {c} report", "what did ofsted find about {t} at {c} last time",
    ],
    "topic_year": [
        "what did ofsted say about {t} in {c} in {y}", "{c} {y} inspection {t}", "what did the {y} report say about {cs} {t}",
    ],
    "improve": [
        "what does {c} need to improve", "{c} areas for improvement", "what needs to improve in {c}",
        "what did ofsted tell {c} to improve", "{cs} weaknesses ofsted", "what should {c} work on according to ofsted",
        "improvements needed {c} childrens services", "what did inspectors say {c} must improve",
    ],
    "count": [
        "how many inspections has {c} had since {y}", "how many times has ofsted inspected {c} since {y}",
        "number of ofsted inspections of {c} since {y}", "how often has {c} been inspected since {y}",
        "{c} inspections since {y} how many", "how many full inspections of {c} since {y}",
    ],
    "inadequate_when": [
        "when was {c} judged inadequate", "when was {c} rated inadequate", "when did {c} get inadequate",
        "what year was {c} inadequate", "{c} inadequate when", "when did ofsted find {cs} childrens services inadequate",
    ],
    "inadequate_last": [
        "when was {c} last judged inadequate", "last time {c} was rated inadequate", "most recent inadequate for {c} when",
    ],
}

#: Judgement key → how people ask about it.
JUDGEMENT_PHRASES = {
    "help_and_protection": ["help and protection", "children who need help and protection", "child protection"],
    "in_care": ["children in care", "looked after children", "kids in care"],
    "in_care_and_care_leavers": ["children in care and care leavers", "children in care"],
    "care_leavers": ["care leavers", "young people leaving care"],
    "leaders": ["leadership", "impact of leaders", "leaders"],
    "looked_after": ["children looked after", "looked after children and permanence"],
    "adoption": ["adoption", "adoption performance"],
    "leadership": ["leadership management and governance", "leadership and management"],
}

#: Topic → (how people ask about it, the words a report uses for it; the first found is the fact).
TOPICS = {
    "private fostering": (["private fostering", "privately fostered children"], ["private fostering"]),
    "edge of care": (["edge of care work", "edge of care services"], ["edge of care"]),
    "unaccompanied asylum seekers": (["unaccompanied asylum seeking children", "asylum seeking kids"],
                                     ["unaccompanied"]),
    "missing children": (["children who go missing", "kids missing from home"], ["missing from home", "go missing"]),
    "exploitation": (["child exploitation", "exploitation of children"], ["exploitation"]),
    "disabled children": (["disabled children", "children with disabilities"],
                          ["disabled children", "children with disabilities"]),
    "mash": (["the mash", "the front door"], ["multi-agency safeguarding hub", "front door"]),
    "caseloads": (["social worker caseloads", "caseloads"], ["caseloads"]),
    "early help": (["early help"], ["early help"]),
    "homeless teenagers": (["homeless 16 and 17 year olds", "homeless teenagers"], ["homeless"]),
    "domestic abuse": (["domestic abuse"], ["domestic abuse"]),
    "neglect": (["neglect"], ["neglect"]),
    "foster carers": (["foster carers", "fostering"], ["foster carers"]),
    "special guardianship": (["special guardianship"], ["special guardianship"]),
    "virtual school": (["the virtual school", "education of children in care"], ["virtual school"]),
    "staying put": (["staying put arrangements"], ["staying put"]),
    "pathway plans": (["pathway plans"], ["pathway plan"]),
    "unregistered": (["unregistered childrens homes", "unregistered placements"], ["unregistered"]),
    "supervision": (["supervision of social workers", "management oversight"], ["supervision", "management oversight"]),
    "return home interviews": (["return home interviews"], ["return home interview"]),
    "young carers": (["young carers"], ["young carers"]),
    "lado": (["the lado", "allegations against staff"], ["designated officer"]),
    "strategy meetings": (["strategy meetings", "strategy discussions"], ["strategy discussion", "strategy meeting"]),
    "agency staff": (["agency social workers", "agency staff"], ["agency staff", "agency social workers", "agency workers"]),
    "independent reviewing officers": (["independent reviewing officers", "iros"], ["independent reviewing officer"]),
    "care proceedings": (["pre-proceedings and care proceedings", "the public law outline"], ["pre-proceedings"]),
    "advocacy": (["advocacy for children", "independent visitors"], ["advocacy", "independent visitor"]),
    "mental health": (["childrens mental health", "camhs"], ["mental health"]),
}

FUTURE = [
    "what grade will {c} get in 2028", "will {c} be outstanding next time", "predict {cs} next ofsted grade",
    "what will ofsted rate {c} at its next inspection", "is {c} going to be inadequate in 2027",
]
NEXT_INSPECTION = [
    "when will ofsted next inspect {c}", "{cs} next ofsted inspection date", "when is {c} due its next inspection",
    "next ofsted visit to {c} when", "when is ofsted coming back to {c}",
]

#: Places Ofsted does not inspect, and places that do not exist: always declined.
ELSEWHERE = [
    "cardiff ofsted rating", "how is swansea childrens services rated", "when was newport city council last inspected by ofsted",
    "wrexham ofsted grade", "gwynedd childrens services ofsted", "powys council ofsted inspection",
    "what did ofsted say about rhondda cynon taf", "glasgow childrens services grade", "edinburgh ofsted rating",
    "when did ofsted inspect fife", "aberdeenshire ofsted report", "highland council childrens services inspection",
    "belfast ofsted childrens services", "derry and strabane ofsted rating", "jersey childrens services ofsted grade",
    "when was guernsey last inspected", "isle of man ofsted", "dundee city council ofsted",
    "pembrokeshire ofsted inspection 2023", "conwy childrens services rating",
]
MADE_UP = [
    "borsetshire ofsted rating", "when was midsomer last inspected", "how is wessex county council doing",
    "upper snodsbury childrens services grade", "loamshire ofsted", "royston vasey inspection results",
    "barsetshire ofsted grade", "what did ofsted say about casterbridge", "walmington on sea ofsted rating",
    "south mercia council ofsted inspection",
]
OFF_TOPIC = [
    "whats the weather in leeds tomorrow", "best chippy in hull", "who won the premier league",
    "how do i apply for a blue badge in kent", "bin collection day bolton", "tell me a joke",
    "what is the capital of france", "how much is council tax in surrey",
]
#: Things no report states, about real councils.
UNSTATED = [
    "what is {cs} childrens services budget for 2027", "how many social workers will {c} hire next year",
    "what grade did {c} get in 2009", "who will be {cs} director of childrens services in 2030",
    "{c} ofsted grade 2010",
]
