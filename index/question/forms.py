"""The forms of questions: which words say which field, judgement, grade, time or kind of visit.

Pure data, read by ``index.question``. One line per meaning: "role value: phrase | phrase |
…". Phrases are matched on whole words, longest first, after typos are corrected and
abbreviations expanded (below), so "whos led hounslows 2023 inspectn" finds "who led". A
word used by one phrase is not used by another, nor left over as a topic word.
"""

from __future__ import annotations

FORMS = """
field count: how many | number of | no of | how often | how many times | count of | total number | total | tally
field improvements: needs to improve | need to improve | needs improving | needed to improve \
  | must improve | should improve | areas for improvement | areas to improve | what to improve \
  | improvements needed | improvements | recommendations | areas for development | weaknesses \
  | where can improve | what could be better | needs improvement | to improve | improve \
  | work on | improve on | weak points | weak areas | shortcomings | areas of weakness | do better \
  | fix | to fix | needs fixing | need fixing | fixing | recs | improvement areas | areas of improvement \
  | areas needing improvement | flag | flagged | what is wrong | wrong | action points | priorities \
  | recommend | recommended | recommends | weak spots | to get better | needs to get better \
  | improvement points | points for improvement | development points | points to improve | areas for action
field topic: say about | said about | says about | say on | said on | say regarding | rate of | find about \
  | found about | finding on | findings on | comment on | comments on | comment about | tell me about \
  | anything on | mention | mentioned | feedback on | think of | what did ofsted say | what did inspectors say \
  | what did the report say | what does the report say | report say | inspectors find | ofsted find \
  | what did they say | what does it say | strengths | evidence of | anything about | say | said \
  | says
field lead_inspector: who led | lead inspector | led by | who inspected | which inspector \
  | inspector | inspectors name | name of the inspector | who was the inspector | hmi | lead hmi \
  | who carried out | who did the inspection | who conducted | who ran | in charge | who was in charge \
  | in charge of | who headed | who was leading | who leads | the lead | inspection lead | lead inspectors
field next: when will | next due | due next | due | expected | upcoming | forthcoming | planned \
  | scheduled | next inspection | next visit | next one | when is the next | coming up | next ofsted \
  | coming back | come back | be back | going back
field visit_kind: what kind | what type | what sort | which kind | which type | kind of | type of \
  | sort of | was it a | was it an | what was the visit | what visit | focus on | focus \
  | focused on | look at | looked at | what was it about | framework | frameworks | inspection framework \
  | which framework | what framework | sif or ilacs | ilacs or sif | ilacs or the single inspection framework \
  | full or short | short or full | standard or short | short or standard | full ilacs or short \
  | inspection type | was that an ilacs | was it an ilacs | was it ilacs | was that ilacs | was it sif \
  | was it a sif | a sif inspection | an ilacs inspection | old framework | new framework
field dates: inspected | been inspected | went into | go into | gone into | came in | come in | come into \
  | came into | come in to | came in to | looked at by | come to | came to | visited | when \
  | what date | which date | dates | date | how long ago | how long since \
  | what year | which year | what month | which month | how long did the inspection \
  | how long was the inspection | how long were inspectors | how long were they | how long was ofsted \
  | how long did it take | how long did ofsted | how long did inspectors | inspection length \
  | how many weeks | one week or two | which weeks | on site | how long did the | how long was the
field overall: grade | grades | graded | grading | rating | ratings | rated | judged | judgement | judgements \
  | overall | overall effectiveness | outcome | outcomes | result | results | score | how did \
  | what did get | get | got | achieve | achieved | receive | received | how good | verdict
field status: doing | how is | how are | status | update | updates | any updates | any news \
  | latest on | how are things | position \
  | performing | situation | progress | whats happening | news | where are | how things | how has \
  | how have | done | what is happening | happening with | what happened | getting better | getting on \
  | improved | improving | getting worse | summary | summarise | overview | what has happened \
  | whats happened | has happened | anything from ofsted | anything new | any new | what has changed
judgement help_and_protection: help and protection | h and p | hp | children who need help and protection \
  | experiences and progress of children who need help and protection | progress of children who need help \
  | children in need of help and protection | need of help and protection | help protection \
  | children in need | child protection | protection | cp
judgement in_care: children in care | in care | looked after children | looked after | children looked after \
  | cla | lac | cic | experiences and progress of children in care | care experienced | achieving permanence \
  | progress of children in care
judgement care_leavers: care leavers | care leaver | leaving care | leavers | care leavers experiences \
  | experiences and progress of care leavers | progress of care leavers
judgement in_care_and_care_leavers: children in care and care leavers | in care and care leavers \
  | cic and care leavers | cla and care leavers
judgement leaders: leaders | impact of leaders | leaders impact | senior leaders | the leaders
judgement leadership: leadership | leadership management and governance | management | governance
judgement adoption: adoption | adoption performance | adoptions
judgement safeguarding: safeguarding | overall safeguarding
judgement lscb: lscb | safeguarding board | safeguarding children board | local safeguarding children board \
  | lscbs | scb | the board review | lscb review
judgement capacity: capacity | capacity to improve | capacity for improvement
grade outstanding: outstanding
grade good: good
grade requires improvement: requires improvement | requires improvement to be good | ri
grade inadequate: inadequate | failing | failed
grade adequate: adequate
grade good or better: good or better | good or outstanding | at least good | good and above | good plus
grade below good: below good | less than good | not good | worse than good | ri or inadequate \
  | requires improvement or inadequate | inadequate or requires improvement
time last: last | latest | most recent | recent | recently | lately | newest | the last one | last time
time previous: previous | prior | before that | the one before | the time before | before last \
  | earlier one | preceding | penultimate | second last | one before | before then | last but one \
  | before the latest | before its latest | before the last | before its last | before the most recent \
  | before its most recent | before the current | before its current | before the recent | before this one \
  | inspection before | the inspection before | visit before
time first: first | earliest | first ever | very first | oldest inspection | oldest report | first time | first one
time next: next | upcoming | when will | in future | will be | going to be
time now: now | current | currently | at the moment | today | presently | at present | still \
  | these days | right now | as of today | as it stands | as things stand | at this point | atm
visit monitoring_visit: monitoring visit | monitoring visits | monitoring | mv | mvs
visit focused_visit: focused visit | focused visits | focussed visit | focussed visits | focused | focussed | fv | fvs
visit assurance_visit: assurance visit | assurance visits | assurance
visit inspection: inspection | inspections | inspected | full inspection | standard inspection \
  | short inspection | ilacs inspection | sif inspection | ilacs | sif | full | full ofsted
national plural: councils | las | local authorities | authorities | areas | boroughs | counties \
  | places | every council | all councils | any council | nationally | national | in england \
  | across england | the country | england | which council | which la | which authority \
  | what councils | which local authority | other councils
national ones: ones | which ones | the ones
national count: how many | number of | proportion | percentage | what share | how much | count
national published: published | publication | came out | come out | released | issued | gave out \
  | give out | given out | handed out | awarded | report | reports | publish
national fieldwork: took place | take place | taken place | carried out | fieldwork | field work \
  | inspected | visited | were inspected | was inspected
national newest: newest | most recently | more recently | latest to be | last to be \
  | most recently inspected
national oldest: oldest | longest | longest without | longest since | gone longest | waited longest \
  | least recently | least recent | longest ago | most overdue | most out of date | oldest report \
  | oldest inspection
national ungraded: no overall grade | no overall effectiveness grade | no overall effectiveness \
  | without an overall grade | without overall grade | without an overall effectiveness grade \
  | no overall judgement | no overall rating | not graded overall | ungraded | new framework
national every: every judgement | all judgements | each judgement | every area | all areas \
  | across the board | all four judgements | every category | all categories | every single judgement \
  | all the judgements | every judgment | everything
national sif: sif | single inspection framework
national ilacs: ilacs
national better: improved | got better | better | went up | gone up | upgraded | improvement \
  | improving | moved up | rose | improved from | improved at | improve at | improved since \
  | improvement since | go up | better than before | getting better | any better
national worse: got worse | worse | declined | dropped | fell | went down | gone down | downgraded \
  | deteriorated | slipped | decline | worsened | go down | slip | slipping | gone backwards \
  | went backwards | going backwards | backwards | drop | deteriorate | worse than before \
  | getting worse | any worse
national lost: lost | lose | losing | no longer
national kept: kept | keep | retained | retain | held on to | held onto | maintained | stayed
national gained: gained | gain | became | become | rose to | moved up to
national negated: not | no | never | without | none
national single: it | its | that one | this one | that council | this council
national more: more | the rest | rest | show more | show all | all of them | full list | the full list \
  | the whole list | whole list | list them all | see all | see more | next page | the others \
  | keep going | the remaining
national change: went from | moved from | gone from | improved | got worse | worse | got better \
  | declined | dropped | fell | went down | went up | downgraded | upgraded | changed | improved from
time change: gone up | gone down | up or down | better or worse | improve since | improved since \
  | improvement since | since last time | than last time | compared to last time | compared with last time \
  | any better | any worse | go down | go up | improve at | improved at | change in rating | change in grade \
  | rating change | grade change | changed since | slip | slipped | slipping | gone backwards | went backwards \
  | going backwards | backwards | trend | trends | trajectory | direction of travel | drop | decline \
  | deteriorated | deteriorate | worsened | progress | progressed | progressing | moved on | better than before \
  | worse than before | getting better | getting worse | improving | right direction | wrong direction \
  | heading in the right direction | going in the right direction | on the right track
national compare: compare | compared | comparison | vs | versus | better than | worse than | best | worst \
  | did better | did worse | did best | did worst | the best | the worst \
  | difference between | against | compares | which is better | better | which is worse
filler words: social care | childrens social care | children social care | children services \
  | childrens services | local authority | county council | city council | borough council \
  | metropolitan borough council | district council | london borough of | royal borough of | the council | rb | lb \
  | on file | on record | you have on file | you have on record
aspect findings: find | found | findings | finding | inspectors find | ofsted find | feedback \
  | what did they find | conclude | concluded | conclusion | conclusions
aspect strengths: strengths | strength | strong points | doing well | going well | positives | positive \
  | does well | do well | did well | done well | working well | what is working | whats working \
  | best thing | best things | good points | good things | stand out | standout | stand out areas \
  | praised | praise | what did inspectors like | what did ofsted like | like about | good practice
aspect focus: look at | looked at | focus on | focused on | focus | what was it about | about the visit
aspect improve: needs to improve | need to improve | to improve | improve | areas for development \
  | recommendations | weaknesses | what could be better | areas for improvement | development points \
  | priorities | what is wrong | concerns | worries | shortcomings
aspect summary: summarise | summarize | sum up | headline | headlines | tldr | tl dr | in a nutshell \
  | brief me | rundown | run down | the gist | gist | key points | main points | in short | short version
aspect why: why | how come | reasons | reason | what went wrong | explain | because | what led to \
  | what makes | what made | what has made
ours yes: our | we | us | ours | my council | my la | my authority | our la | our council
back pronoun: it | that | they | them | their | its | those | this one | that one | same
back opener: and | what about | how about | same for | and for | and what about | also | then
"""

#: The words just before a date that say how it is meant; any other (or none) means during.
#: Longest first; "in the last 3 years" is read before this table (see _window).
TIME_CUES = {
    "as of": "as_of",
    "as at": "as_of",
    "at the time of": "as_of",
    "by": "as_of",
    "on": "on",
    "at": "on",  # as_of, unless the field is about the inspection itself
    "since": "since",
    "after": "since",
    "from": "since",
    "before": "before",
    "prior to": "before",
    "until": "before",
    "up to": "before",
    "till": "before",
    # with "the" between ("before the 2022 inspection": the one before it)
    "before the": "before",
    "prior to the": "before",
    "until the": "before",
    "since the": "since",
    "after the": "since",
    "as of the": "as_of",
    "at the time of the": "as_of",
    "going into": "before",
    "going into the": "before",
    "going into its": "before",
    "before its": "before",
    "ahead of": "before",
    "ahead of the": "before",
    "ahead of its": "before",
    "prior to its": "before",
}
#: Words that may stand between a cue and its date ("before ofsted came in december 2019").
CUE_FILLERS = frozenset(
    "the its their ofsted inspectors came went come in into visited inspected".split()
)

#: When a framework's inspections began: "the first ilacs inspection" is the first since then.
FRAMEWORK_STARTS = {"ilacs": (2018, 1, 1), "sif": (2013, 11, 1)}

#: Words typed for others: abbreviations, and misspellings too short or too common to fix by
#: distance. Applied to single words before the forms are matched.
ABBREVIATIONS = {
    "whats": "what is",
    "hows": "how is",
    "whens": "when is",
    "whos": "who is",
    "wheres": "where is",
    "judgment": "judgement",
    "judgments": "judgements",
    "ofstead": "ofsted",
    "ofsteds": "ofsted",
    "insp": "inspection",
    "inspn": "inspection",
    "la": "council",
    "lea": "council",
    "lbc": "council",
    "mbc": "council",
    "cc": "council",
    "cin": "children in need",
    "cllr": "councillor",
    "cllrs": "councillors",
    "wen": "when",
    "werent": "were not",
    "arent": "are not",
    "dont": "do not",
    "doesnt": "does not",
    "wouldnt": "would not",
    "couldnt": "could not",
    "shouldnt": "should not",
    "thats": "that is",
    "theres": "there is",
    "u": "you",
    "r": "are",
    "yr": "year",
    "yrs": "years",
    "prev": "previous",
    "recieved": "received",
    "childrens": "children",
    "focussed": "focused",
    "wat": "what",
    "wot": "what",
    "wht": "what",
    "hw": "how",
    "mvs": "mv",
    "fvs": "fv",
    "didnt": "did not",
    "wasnt": "was not",
    "isnt": "is not",
    "hasnt": "has not",
    "havent": "have not",
    "hadnt": "had not",
    "wont": "will not",
    "cant": "can not",
    "lst": "last",
    "nxt": "next",
    "grad": "grade",
    "grd": "grade",
    "thier": "their",
    "hmis": "hmi",
    "gud": "good",
    "ofs": "ofsted",
}

# Field cues by strength: the strongest named wins ("what did the lead inspector say about
# care leavers" is a topic; "how was help and protection rated" a judgement, not the overall).
PRIORITY = {
    "count": 10,
    "improvements": 9,
    "topic": 8,
    "lead_inspector": 7,
    "next": 6,
    "visit_kind": 5,
    "when_judged": 4.5,
    "dates": 4,
    "judgement": 3,
    "overall": 2,
    "status": 1,
}

#: Words that ask for a grade in so many words: a judgement named with one of them is asked
#: for its grade even when other words come with it ("children in care grade in 2019 for kent").
GRADE_ASKS = frozenset(
    """
grade grades graded rating ratings rated rate rates judge judged judgement judgements score scored
verdict outcome outcomes result results mark marked perform performing performance performed fare faring
strong stronger weak weaker
""".split()
)

#: Words of the judgements' own titles ("the experiences and progress of children who need
#: help and protection", "the impact of leaders on social work practice with children and
#: families"): typed with a judgement they still name that judgement, not a topic inside it.
JUDGEMENT_WORDS = frozenset(
    """
experiences experience progress impact practice social work families family effectiveness
effective overall need needs help protection achieving permanence young people leaving care
leavers looked after management governance leadership leaders senior kids local safeguarding
board lscb
""".split()
)

#: Words of a topic question that say nothing about the topic itself.
GENERIC = frozenset(
    """findings finding report reports comments comment say said says inspection inspections
ofsted inspectors inspector anything about work doing think thought found find what latest last recent
council councils childrens children services service social care local authority la areas area
take took taken place happen happened happening occur occurred thing things stuff trust trusts
problem problems issue issues raise raised raising mention mentioned mentions talk talked
note noted flag flagged highlight highlighted comment commented quoted quote quotes press release
published publish publication released come came actually bits bit parts part""".split()
)

#: Words that are never a topic: question words, function words, and words every question
#: about inspections uses.
STOPWORDS = frozenset(
    """
a an the and or but of to in on at for from by with about as into over under than then so if is
are was were be been being am do does did done doing has have had having will would shall should
can could may might must not no yes what which who whom whose when where why how whats hows i me
my you your he she him her his they them their it its we our us this that these those there here
any all some each every other another much many more most less least very really just also too
only again ever ofsted ofsteds council councils county borough city authority authorities local
la children child childrens services service social report reports inspection inspections
inspected inspector inspectors inspect visit visits visited say said says tell told give gave
get got find found show know think please thanks thank hi hello out up down off time times one
ones year years month months day days date dates did latest last next previous current now since
judged judgement rated rating grade graded overall like make made go went gone going happen
happened happening being around recent recently ago still mean means way ilacs sif metropolitan
district unitary royal london re well back new see look looks looking bit kind type sort
according list give me pls plz getting anything something tonight someone anyone everyone round guys folks
quick question hi hiya morning evening team before after thx ty ta cheers mate rate rates judge
ask asking asked wondering wonder curious interested know knowing ok okay yeah yep nope right far
theirs yours mine hers cool great brilliant hmm
""".split()
)

NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
}
# Endings of English place names: a word with one, where a place would stand and that the
# gazetteer does not know, is an unknown place ("barsetshire") rather than a topic.
PLACE_ENDINGS = (
    "shire",
    "ton",
    "ham",
    "bury",
    "ford",
    "ley",
    "by",
    "chester",
    "caster",
    "cester",
    "mouth",
    "pool",
    "field",
    "wich",
    "borough",
    "bridge",
    "minster",
    "stead",
    "worth",
    "wick",
    "dale",
    "port",
    "hampton",
    "sea",
    "ness",
)
