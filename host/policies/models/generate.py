#!/usr/bin/python3
"""Labelled posts from templates, seeded, for the models (train.py reads
them as the source "gen"): many shapes across many targets, so the models
learn what is said of a target rather than one hand's wording.

Written for this project (MIT, as the repository) from the policies'
meaning and issue 11's list of capabilities (the published descriptions of
HateCheck's functionalities, never its cases; nothing from the corpus, the
blind batches or the development sets): harassment of protected groups,
of the organisation's people and of a person (explicit and implicit
derogation, stereotypes, dehumanising comparison, exclusion, threats,
insults and profanity aimed at someone, pronoun reference, questions and
opinions, evasive spellings); running the organisation down without an
insult word (decline, "glorified X", sarcasm, value for money, warnings
not to join); and what must stay quiet: counter-speech, reports that quote
abuse, negation, neutral and positive statements about groups, slur
homonyms, abuse aimed at things, idioms of violence, criticism of events,
trains and the government, the organisation's news, and fair criticism of
one decision (`c`).

Labels as data/*.tsv: h harassment, d disparaging, c criticism without a
put-down, - neither. Three sets of templates (SETS): the first (session
9), the second (session 12: insults said of a person in the third person,
stereotypes of groups the class list lacks, veiled threats and calls to
pile on, beside praise, reports, counter-speech and negation) and the
third (session 12: the organisation named in news, praise and questions,
and shapes of a put-down that put nobody down). Each set's templates are
filled FILLS times with slots drawn from a random.Random of its own seed;
a quarter of each family's templates (drawn with the same seed) is held
out: never trained on, filled for the development sets of train.py --dev
(`generated`: the first set's; `generated2`: the second's and third's), so
those sets' shapes are ones the models never saw, only their slots.

Run alone: python3 generate.py [--held-out] prints LABELS<TAB>TEXT lines.
"""
import random
import re
import sys

SEED = 20261204
FILLS = 5
HELD_OUT_SHARE = 4  # one template in 4 of each family

S = {
    "G": [
        "women", "men", "trans people", "gay people", "lesbians",
        "bisexual people", "disabled people", "autistic people",
        "deaf people", "blind people", "wheelchair users", "Muslims", "Jews",
        "Christians", "Hindus", "Sikhs", "immigrants", "refugees",
        "asylum seekers", "Black people", "Asian people", "Travellers",
        "Polish people", "Romanians", "older people", "pregnant women",
        "people with mental illness", "dyslexic people", "Catholics",
        "atheists", "Nigerians", "Pakistanis", "Chinese people",
        "trans women", "gay men", "single mums", "foreigners",
        "people with Down's syndrome", "Gypsies", "Eastern Europeans",
    ],
    "GA": [
        "Muslim", "gay", "trans", "disabled", "Black", "Polish", "deaf",
        "autistic", "Jewish", "Indian", "older", "pregnant", "lesbian",
        "Romanian", "Nigerian", "dyslexic", "Sikh", "Chinese", "blind",
        "Catholic",
    ],
    "NOUN": [
        "teacher", "trainee", "solicitor", "governor", "trustee",
        "colleague", "member", "lecturer", "student", "receptionist",
        "head of department", "committee member",
    ],
    "P": [
        "@jbarnes_law", "@MissTaylorPE", "@rob_k", "@deputyhead_sam",
        "@linda.trustee", "Mr Davies", "Sarah from finance", "Gary",
        "the new head of maths", "our chair", "that trainee",
        "my line manager", "@priya_teaches", "Tom in accounts",
        "Mrs Okafor", "@chair_ALA", "Dave", "the supply teacher",
    ],
    "ROLES": [
        "the parents in Year 4", "the office staff", "the new trainees",
        "our members", "the dinner staff", "the Year 9 boys",
        "the governors", "the admin team", "the supply teachers",
        "the exam officers", "the lunchtime volunteers", "the juniors",
    ],
    "INS": [
        "idiot", "moron", "waste of space", "clown", "loser", "halfwit",
        "imbecile", "muppet", "pillock", "cretin", "scumbag", "dimwit",
        "creep", "snake", "nobody", "joke of a human", "dickhead",
        "prick", "tosser", "bellend", "wanker", "cow", "bitch",
        "arsehole", "twat", "numpty",
    ],
    "INSPL": [
        "idiots", "morons", "clowns", "losers", "muppets", "halfwits",
        "cretins", "scroungers", "parasites", "dimwits", "numpties",
        "wasters", "degenerates", "tossers",
    ],
    "INSADJ": [
        "stupid", "pathetic", "useless", "thick", "brainless",
        "spineless", "worthless", "disgusting", "vile", "ugly",
        "fat", "lazy", "dim", "moronic", "retarded", "braindead",
        "clueless", "sad",
    ],
    "DEHUM": [
        "vermin", "rats", "cockroaches", "a plague", "a disease",
        "parasites", "animals", "filth", "a cancer", "savages", "a virus",
        "subhuman", "a disease on society", "leeches", "a swarm",
        "an infestation", "dirt",
    ],
    "THREAT": [
        "hurt", "smash the faces of", "sort out", "batter", "kick the heads in of",
        "deal with", "go after", "come for", "put in hospital", "punch",
        "stab", "burn out",
    ],
    "THREAT1": [
        "hurt", "smash", "sort out", "batter", "deal with", "punch",
        "flatten", "put in the ground", "knock out",
    ],
    "JOB": [
        "leadership", "running a department", "teaching maths",
        "the bar", "a committee role", "senior management",
        "head teacher", "chairing a meeting", "handling money",
        "working with children", "partnership",
    ],
    "PLACE": [
        "our school", "this association", "the legal profession",
        "the staffroom", "our chapter", "the classroom", "this country",
        "our society", "the trust", "our profession", "this town",
        "the firm",
    ],
    "BODY": [
        "committee", "board", "council", "panel", "team",
        "governing body", "board of trustees", "staff", "PTA",
        "executive", "membership",
    ],
    "ORG": [
        "the trust", "the association", "the society", "the academy",
        "the board", "SLT", "the chapter", "the committee", "head office",
        "the ALT", "LLMAT", "the Learning Alliance", "our school",
        "the firm", "the ALA", "the leadership team", "the trustees",
        "this trust", "our association",
    ],
    "ORGTHING": [
        "the annual conference", "the AGM", "the CPD programme",
        "the newsletter", "the journal", "the mentoring scheme",
        "the awards night", "the members' portal", "the webinar series",
        "the new strategy", "the wellbeing day", "the inset day",
        "the summer school", "the regional meeting", "the training day",
    ],
    "LEAD": [
        "board", "SLT", "leadership team", "trustees", "committee",
        "executive", "governors", "management", "CEO", "chair",
    ],
    "PEOPLE": [
        "staff", "members", "pupils", "teachers", "families",
        "volunteers", "students", "trainees",
    ],
    "NEGADJ": [
        "amateurish", "out of touch", "cliquey", "pointless", "chaotic",
        "bureaucratic", "irrelevant", "self-serving", "disorganised",
        "embarrassing", "stale", "inward-looking", "corporate",
    ],
    "GLOR": [
        "dinner club", "vendor showcase", "talking shop",
        "box-ticking exercise", "old boys' network", "social club",
        "PR machine", "mailing list with a logo", "networking drinks",
        "sales pitch", "photo opportunity", "pension scheme for the board",
    ],
    "MONEY": ["£60", "£120", "£250", "£95", "£180"],
    "RIVAL": [
        "any other trust in the county", "the Law Society",
        "the chapter down the road", "the academy next door",
        "every other association I've joined", "a parish council",
    ],
    "THING": [
        "printer", "laptop", "photocopier", "app", "parking machine",
        "kettle", "projector", "smartboard", "website", "wifi",
        "self-checkout", "lanyard printer", "car",
    ],
    "OUTSIDE": [
        "the government", "the DfE", "Ofsted", "the council",
        "the exam board", "the minister", "the Treasury", "the SRA",
        "the regulator",
    ],
    "DECISION": [
        "close the music service", "cut TA hours", "move the AGM online",
        "raise the membership fee", "scrap the Friday training slot",
        "change the school day", "drop the mentoring scheme",
        "merge the two chapters", "end the bursary",
    ],
    "YEAR": ["Year 3", "Year 7", "Year 9", "Year 11", "the sixth form",
             "reception"],
    "EMOJI": ["", "", "", " 🙄", " 😡", " 🤮", " 😂"],
}

# (family, label, template). A family groups the templates of one shape:
# a quarter of each is held out whole.
T = [
    # harassment: protected groups, explicit derogation and dehumanising
    ("group-explicit", "h", "{G} are {DEHUM}."),
    ("group-explicit", "h", "{G} are {INSADJ}, every last one of them."),
    ("group-explicit", "h", "Honestly, {G} are the most {INSADJ} people I've ever had to work with."),
    ("group-explicit", "h", "I can't stand {G}. {INSPL}, the lot of them.{EMOJI}"),
    ("group-explicit", "h", "{G} are nothing but {DEHUM} and everyone knows it."),
    ("group-explicit", "h", "Typical {G}: {INSADJ} and proud of it."),
    ("group-explicit", "h", "Every {GA} {NOUN} I've met has been a total {INS}."),
    ("group-explicit", "h", "I hate {G}. Always have, always will."),
    ("group-dehum", "h", "Letting {G} into {PLACE} is like leaving the door open for {DEHUM}."),
    ("group-dehum", "h", "{G} spread through {PLACE} like {DEHUM}."),
    ("group-dehum", "h", "{G} are {DEHUM} and should be treated like it."),
    ("group-dehum", "h", "{G} aren't people, they're {DEHUM}."),
    ("group-dehum", "h", "Treat {G} like the {DEHUM} they are."),
    ("group-dehum", "h", "{G} breed like {DEHUM}."),
    ("group-implicit", "h", "{G} just aren't cut out for {JOB}."),
    ("group-implicit", "h", "Let's be honest, {G} only get hired to tick a box."),
    ("group-implicit", "h", "Funny how it's always {G} who cause the trouble."),
    ("group-implicit", "h", "{G} never pull their weight, everyone knows it."),
    ("group-implicit", "h", "Put {G} in charge of {JOB} and watch it fall apart."),
    ("group-implicit", "h", "{G} are too emotional to be trusted with {JOB}."),
    ("group-implicit", "h", "You can't give {G} responsibility, they just can't handle it."),
    ("group-implicit", "h", "A {GA} {NOUN}? Good luck getting anything done."),
    ("group-implicit", "h", "Another {GA} {NOUN} hired. Standards really have dropped.{EMOJI}"),
    ("group-implicit", "h", "{G} should stick to what they're good at, which isn't {JOB}."),
    ("group-question", "h", "Why do we keep letting {G} anywhere near {JOB}?"),
    ("group-question", "h", "Is it just me or are {G} getting more entitled every year?"),
    ("group-question", "h", "Why should our fees pay for {G}?"),
    ("group-question", "h", "Who thought it was a good idea to let {G} run {ORGTHING}?"),
    ("group-question", "h", "Genuine question: why are {G} always so {INSADJ}?"),
    ("group-question", "h", "Can anyone explain why {G} are allowed on the {BODY}?"),
    ("group-opinion", "h", "In my opinion {G} should not be teaching children."),
    ("group-opinion", "h", "I think {G} are ruining {PLACE}."),
    ("group-opinion", "h", "My view, for what it's worth: {G} don't belong in {PLACE}."),
    ("group-opinion", "h", "Unpopular opinion but {G} have made {PLACE} worse."),
    ("group-opinion", "h", "Call me old-fashioned, but I don't want {G} teaching my kids."),
    ("group-exclusion", "h", "{G} have no place on our {BODY}."),
    ("group-exclusion", "h", "No {G} on the {BODY}, simple as that."),
    ("group-exclusion", "h", "{G} should all be sent back where they came from."),
    ("group-exclusion", "h", "We need to get the {G} off the {BODY} before it's too late."),
    ("group-exclusion", "h", "I wouldn't hire {G}. More trouble than they're worth."),
    ("group-exclusion", "h", "Keep {G} out of {PLACE}."),
    ("group-exclusion", "h", "{G} should be banned from {PLACE}."),
    ("group-threat", "h", "I'm going to {THREAT} those {G}."),
    ("group-threat", "h", "If I see any {G} at {ORGTHING} I'll {THREAT1} them."),
    ("group-threat", "h", "Someone should teach {G} a lesson they won't forget."),
    ("group-threat", "h", "{G} had better watch themselves round here."),
    ("group-threat", "h", "Time we dealt with the {G} once and for all."),
    ("group-pronoun", "h", "I met some {G} at {ORGTHING} today. They are {DEHUM}."),
    ("group-pronoun", "h", "{G} keep applying to join our {BODY}. They're {INSADJ} and someone should say so."),
    ("group-pronoun", "h", "Another {GA} {NOUN} joined us this term. They're all the same: {INSADJ}."),
    ("group-pronoun", "h", "Don't talk to me about {G}. I'd {THREAT1} every one of them."),
    # harassment: a person
    ("person-insult", "h", "{P} you are a {INS}.{EMOJI}"),
    ("person-insult", "h", "{P} is the most {INSADJ} {INS} I've ever had the misfortune to work with."),
    ("person-insult", "h", "Shut up {P}, nobody cares what a {INS} like you thinks."),
    ("person-insult", "h", "Imagine being as {INSADJ} as {P}."),
    ("person-insult", "h", "{P}: go away, you {INSADJ} {INS}."),
    ("person-insult", "h", "Everyone mute {P}, total {INS}."),
    ("person-insult", "h", "{P} you absolute {INS}, do your job."),
    ("person-insult", "h", "Has anyone else noticed {P} is a {INSADJ} {INS}?"),
    ("person-insult", "h", "Can't believe we have to sit through another meeting with {P}. What a {INS}."),
    ("person-insult", "h", "{P} looks like a {INSADJ} {INS} in that photo, no wonder nobody rates them."),
    ("person-bully", "h", "{P} should just quit. Nobody wants you here."),
    ("person-bully", "h", "Everyone report {P}'s account until it's gone. Pile on.{EMOJI}"),
    ("person-bully", "h", "We all know how {P} got the job, and it wasn't by being good at it 😉"),
    ("person-bully", "h", "Let's all ignore {P} at the social, see how long they last."),
    ("person-bully", "h", "{P} should do us all a favour and disappear."),
    ("person-threat", "h", "Next time {P} speaks at the meeting I'll {THREAT1} them."),
    ("person-threat", "h", "{P} better watch their back in the car park."),
    ("person-threat", "h", "I know where {P} lives. Just saying."),
    ("person-threat", "h", "Someone needs to give {P} a good kicking."),
    ("person-threat", "h", "If {P} says that to me again I'll {THREAT1} them, I swear."),
    ("person-threat", "h", "{P} is going to regret crossing me. Wait and see."),
    ("roles-insult", "h", "{ROLES} are a bunch of {INSPL}."),
    ("roles-insult", "h", "Honestly {ROLES} are {INSADJ}. Every single one."),
    ("roles-insult", "h", "Spent the day with {ROLES}. {INSPL}, all of them.{EMOJI}"),
    ("roles-insult", "h", "Whoever hired {ROLES} must be as {INSADJ} as they are."),
    # disparaging: the organisation, without an insult word
    ("org-decline", "d", "{ORG} gets more {NEGADJ} every year."),
    ("org-decline", "d", "Remember when {ORG} actually stood for something? Me neither."),
    ("org-decline", "d", "{ORG} used to matter. Now it's a {GLOR}."),
    ("org-decline", "d", "Ten years ago {ORGTHING} was worth going to. Now it's an afternoon I won't get back."),
    ("org-decline", "d", "Every year {ORG} listens to its {PEOPLE} a little less."),
    ("org-decline", "d", "There was a time {ORG} was the best in the region. That time has long gone."),
    ("org-glor", "d", "{ORG} is basically a glorified {GLOR}."),
    ("org-glor", "d", "Let's stop pretending {ORG} is anything more than a {GLOR}."),
    ("org-glor", "d", "{ORGTHING}: a {GLOR} with sandwiches."),
    ("org-glor", "d", "Call it what it is: {ORG} is a {GLOR} for the same five people."),
    ("org-glor", "d", "{ORG} is run by a handful of people for their own benefit."),
    ("org-sarcasm", "d", "{ORG} says it values its {PEOPLE}. Apparently that means a biscuit and a pay freeze.{EMOJI}"),
    ("org-sarcasm", "d", "Oh great, {ORG} has rebranded again. That'll fix everything.{EMOJI}"),
    ("org-sarcasm", "d", "Clearly {ORG} thinks nobody will notice {ORGTHING} is falling apart."),
    ("org-sarcasm", "d", "The {LEAD}'s idea of consultation: tell us afterwards."),
    ("org-sarcasm", "d", "Another year, another {ORGTHING} that changes nothing. Well done, {ORG}."),
    ("org-sarcasm", "d", "{ORG}: all mission statements, no delivery."),
    ("org-sarcasm", "d", "Love how {ORG} found money for a new logo but not for the {PEOPLE}.{EMOJI}"),
    ("org-value", "d", "Paying {MONEY} a year to {ORG} for a newsletter and a lanyard. Why do we bother?"),
    ("org-value", "d", "What exactly does {ORG} do with our fees, apart from lunch?"),
    ("org-value", "d", "Don't join {ORG}. Honestly, save your money."),
    ("org-value", "d", "{MONEY} for {ORGTHING} and half the sessions were sales pitches. Never again."),
    ("org-value", "d", "If you want to see how not to run anything, come and work for {ORG}."),
    ("org-people", "d", "The {LEAD} at {ORG} couldn't organise a raffle."),
    ("org-people", "d", "Our {LEAD} care more about their photos in the newsletter than about the {PEOPLE}."),
    ("org-people", "d", "Does the {LEAD} ever listen? Rhetorical question."),
    ("org-people", "d", "Half our members only turn up for the free wine."),
    ("org-people", "d", "The families at our school don't care about anything but free trips."),
    ("org-people", "d", "Most of {ROLES} couldn't find the staffroom without a map."),
    ("org-people", "d", "Nobody on the {LEAD} has taught a lesson in twenty years and it shows."),
    ("org-compare", "d", "Compared with {RIVAL}, {ORG} looks like a school project."),
    ("org-compare", "d", "{RIVAL} manages it on half the budget. What's {ORG}'s excuse?"),
    ("org-compare", "d", "Even {RIVAL} runs a better {ORGTHING} than {ORG}."),
    ("org-compare", "d", "{ORG} makes {RIVAL} look like a well-oiled machine."),
    # quiet: counter-speech and reports that quote abuse
    ("counter", "-", "Calling {G} {DEHUM} is vile. Not in {PLACE}."),
    ("counter", "-", "To whoever wrote that {G} are {INSADJ}: no. Just no."),
    ("counter", "-", "We will always stand up for {G}. Hate has no home in {PLACE}."),
    ("counter", "-", "If you think {G} don't belong in {PLACE}, you're the one who doesn't."),
    ("counter", "-", "Saying {G} can't do {JOB} is a stereotype, and a lazy one."),
    ("counter", "-", "Being {GA} is not a weakness. Proud of every {GA} {NOUN} on our {BODY}."),
    ("report", "-", "Someone called me a {INS} on the way into school today. Not OK."),
    ("report", "-", "A parent shouted \"{INSADJ} {INS}\" at a colleague this morning. It has been reported."),
    ("report", "-", "Got a message tonight saying {G} are {DEHUM}. Screenshotted and reported."),
    ("report", "-", "In assembly we talked about why calling someone a {INS} is bullying."),
    ("report", "-", "A pupil told a classmate that {G} have no place here. We talked it through as a class."),
    ("report", "-", "Training today on what to do when someone says {G} are {DEHUM}. Really useful."),
    ("report", "-", "Had \"{INSADJ} {INS}\" shouted at me in the car park. Still shaking, but I'm fine."),
    # quiet: negation
    ("negation", "-", "{G} are not {DEHUM}, and anyone saying so should be ashamed."),
    ("negation", "-", "{G} are not a threat to anyone."),
    ("negation", "-", "No, {G} are not {INSADJ}. Stop repeating it."),
    ("negation", "-", "I would never say {G} don't belong in {PLACE}."),
    ("negation", "-", "Nobody here thinks {G} are less capable. Nobody."),
    ("negation", "-", "{G} don't deserve any of the abuse they get online."),
    ("negation", "-", "I'm not going to {THREAT1} anyone, I'm going to write a strongly worded email."),
    # quiet: neutral and positive statements about groups
    ("identity", "-", "{G} make up a fifth of our membership."),
    ("identity", "-", "Our new network for {G} meets next Tuesday."),
    ("identity", "-", "Great panel today with {G} talking about careers in law."),
    ("identity", "-", "Why are {G} under-represented in leadership? Join our webinar on Thursday."),
    ("identity", "-", "As a {GA} {NOUN} myself, I found the session really useful."),
    ("identity", "-", "Proud to be {GA} and proud to work here."),
    ("identity", "-", "{G} have every right to be on the {BODY}."),
    ("identity", "-", "How can we make {ORGTHING} more welcoming for {G}?"),
    ("identity", "-", "Our {GA} {NOUN} network has grown to forty people this year."),
    ("identity", "-", "Lovely to see so many {G} at {ORGTHING}."),
    ("identity", "-", "What support do {G} need from their employer? Our survey closes Friday."),
    ("identity", "-", "Is {ORGTHING} accessible for {G}? Asking for our members."),
    # quiet: slur and insult homonyms
    ("homonym", "-", "Popping out for a fag, back in five."),
    ("homonym", "-", "Faggots and peas for tea tonight, proper comfort food."),
    ("homonym", "-", "Our bitch had six puppies last night, all doing well."),
    ("homonym", "-", "Blue tits and great tits at the bird feeder this morning."),
    ("homonym", "-", "The cock next door starts crowing at 5am every single day."),
    ("homonym", "-", "Walked the dyke path along the marsh with the Year 5s."),
    ("homonym", "-", "Lesson on flame retardant materials for Year 10 today."),
    ("homonym", "-", "Field trip to the old slag heap for the geography group."),
    ("homonym", "-", "The door knob in the staffroom has come off again."),
    ("homonym", "-", "Got a prick from the rose bush pruning the school garden."),
    ("homonym", "-", "Queer history talk at lunchtime, all welcome."),
    ("homonym", "-", "The Year 8s loved learning about Homo sapiens and Homo erectus."),
    ("homonym", "-", "Spotted a coot and two moorhens on the canal."),
    # quiet: abuse aimed at things
    ("things", "-", "This {THING} is a {INSADJ} piece of junk."),
    ("things", "-", "I could kill this {THING}. Third time today.{EMOJI}"),
    ("things", "-", "Stupid {THING} ate my worksheet again."),
    ("things", "-", "The {THING} in room 12 is an absolute {INS} of a machine."),
    ("things", "-", "Whoever designed this {THING} deserves a medal for uselessness."),
    ("things", "-", "Hate this {THING} with a passion."),
    # quiet: idioms of violence
    ("idiom", "-", "I'm going to murder this marking pile tonight."),
    ("idiom", "-", "Our debating team killed it at the regional final!"),
    ("idiom", "-", "{YEAR} absolutely smashed their mocks."),
    ("idiom", "-", "Break a leg to everyone in the school play tonight."),
    ("idiom", "-", "That quiz round was brutal, we got slaughtered."),
    ("idiom", "-", "I'll fight anyone who says the {YEAR} art show wasn't brilliant."),
    ("idiom", "-", "Dying to hear how the moot went for the trainees."),
    # quiet: criticism of events, things outside, self-criticism
    ("outside", "-", "{OUTSIDE}'s new guidance is a mess, again."),
    ("outside", "-", "Rain cancelled sports day again, what a washout."),
    ("outside", "-", "The train was forty minutes late. Absolute shambles."),
    ("outside", "-", "Disappointed with the result, we played badly and deserved to lose."),
    ("outside", "-", "Another funding cut from {OUTSIDE}. Schools can't keep absorbing this."),
    ("outside", "-", "{OUTSIDE} has got this one badly wrong and should think again."),
    ("outside", "-", "My lesson on fractions was a disaster today. Back to the drawing board."),
    ("outside", "-", "The film was boring and far too long."),
    # quiet: the organisation's news, praise, questions; c: fair criticism
    ("org-news", "-", "{ORG} is consulting members on the new strategy until Friday."),
    ("org-news", "-", "{ORGTHING} is on 14 March; booking opens on Monday."),
    ("org-news", "-", "{ORG} has announced that the chief executive will step down in the summer."),
    ("org-news", "-", "Thanks to {ORG} for a brilliant {ORGTHING}."),
    ("org-news", "-", "When will {ORG} publish the minutes of {ORGTHING}?"),
    ("org-news", "-", "{ORG} will close two sites next year; staff have been told today."),
    ("org-news", "-", "We got it wrong this year and our {PEOPLE} deserved better. Here's what we're changing."),
    ("org-news", "-", "Really proud of our {PEOPLE} at {ORGTHING} today."),
    ("org-news", "-", "The {LEAD} meets on Thursday to agree the budget."),
    ("org-news", "-", "{ORG} is under investigation after a complaint; we'll share what we can when we can."),
    ("org-fair", "c", "I disagree with {ORG}'s decision to {DECISION}, and I've said so to the {LEAD}."),
    ("org-fair", "c", "I think {ORG} has got it wrong on the plan to {DECISION}."),
    ("org-fair", "c", "Honest feedback: {ORGTHING} ran late, but the sessions were useful."),
    ("org-fair", "c", "Sad that {ORG} has voted to {DECISION}. I hope they'll look at it again."),
    ("org-fair", "c", "The {LEAD} should reconsider the decision to {DECISION}; it will hurt {PEOPLE}."),
]

# Slots of the second set of templates (T2, session 12): new names, so the
# first set's fills (and its held-out development set) stay as they were.
S.update({
    "NAME": [
        "Sam", "Warren", "Liam", "Mr Lee", "Mrs Hughes", "Priya", "Dan from IT",
        "Coach Bell", "Ms Ahmed", "Kev", "Jo in the office", "Dr Marsh",
        "Bethany", "Mr Kowalski", "Aunty Pat", "Big Steve",
    ],
    "ROLE1": [
        "our moderator", "the new caretaker", "my head of year", "the referee",
        "the deputy head", "the new TA", "the exams officer",
        "the business manager", "our treasurer", "the club secretary",
        "my mentor", "the cover supervisor", "the PE teacher",
        "the woman on reception", "the lad in Year 11", "that dad at the gate",
        "the site manager", "our branch rep", "my co-author",
        "the placement supervisor",
    ],
    "INS2": [
        "idiot", "moron", "clown", "muppet", "plonker", "prat", "tosser",
        "knob", "plank", "wally", "berk", "melt", "weapon", "tool", "div",
        "clot", "nob", "gobshite", "bellend", "creep", "nasty piece of work",
        "sad little man", "jumped-up nobody", "two-faced snake", "waste of oxygen",
        "waste of space", "waste of skin", "cretin", "pillock", "dickhead",
    ],
    "INTENS": [
        "", "", "total ", "complete ", "absolute ", "proper ", "utter ",
        "right ", "prize ", "massive ", "f*cking ", "bloody ", "fookin ",
    ],
    "POS": [
        "legend", "star", "gem", "hero", "diamond", "total pro",
        "lifesaver", "treasure", "rock", "class act",
    ],
    "POSADJ": [
        "brilliant", "kind", "hilarious", "patient", "sharp", "generous",
        "unflappable", "lovely",
    ],
    "G2": [
        "Albanians", "Poles", "Hindus", "non-binary people", "Irish people",
        "Scots", "Somalis", "Bangladeshis", "Roma", "Jehovah's Witnesses",
        "Ukrainians", "Turks", "Kurds", "Ghanaians", "people with ADHD",
        "Lithuanians", "Syrians", "Jamaicans", "bi people", "trans kids",
        "Welsh speakers", "Orthodox Jews", "Afghans", "young mums",
    ],
    "STEREO": [
        "predators", "troublemakers", "attention-seekers",
        "benefit scroungers", "always late", "only here for the benefits",
        "not to be trusted with money", "cheats", "thieves", "criminals",
        "a drain on the NHS", "dirty", "freeloaders", "all on the take",
        "incapable of telling the truth", "born liars", "a danger to children",
        "taking over", "breeding like mad",
    ],
    "ANIMALS": [
        "wild dogs", "animals", "feral cats", "hyenas", "monkeys", "rats",
        "locusts",
    ],
    "ROUTE": [
        "train", "bus", "way home", "car park", "gym", "pub",
    ],
    "WHERE": [
        "at the car park", "outside the gates", "in the lane",
        "at the bus stop", "after training", "at the pub",
    ],
    "YOURS": [
        "contract", "job", "car", "tyres", "windows", "little blog",
    ],
})

# The second set (session 12), harassment only as the first: insults said
# of a person in the third person (a name or a role, not "you"), which the
# first set and the public data (Davidson's offensive tweets only when
# aimed at "you" or a handle) hardly taught; stereotypes of groups the
# class list lacks; veiled threats and calls to pile on; beside the same
# subjects praised, reports and counter-speech about the same words, and
# negation. Held out as the first: a quarter of each family, the
# development set `generated2`.
T2 = [
    ("p3-insult", "h", "{ROLE1} is a {INTENS}{INS2}."),
    ("p3-insult", "h", "{NAME} is such a {INS2}, honestly."),
    ("p3-insult", "h", "{ROLE1} is {INSADJ} and everyone knows it."),
    ("p3-insult", "h", "What a {INTENS}{INS2} {NAME} is.{EMOJI}"),
    ("p3-insult", "h", "{NAME} from the {BODY} is a {INTENS}{INS2}"),
    ("p3-insult", "h", "{ROLE1}? {INTENS}{INS2}. Always has been."),
    ("p3-insult", "h", "Sat next to {ROLE1} all day. {INSADJ} {INS2}.{EMOJI}"),
    ("p3-insult", "h", "{NAME} is a {INTENS}{INS2} and a bully"),
    ("p3-insult", "h", "Can't stand {ROLE1}, {INSADJ} little {INS2}"),
    ("p3-insult", "h", "Honestly {NAME} is the biggest {INS2} in the building"),
    ("p3-insult", "h", "{ROLE1} couldn't be more {INSADJ} if they tried."),
    ("p3-insult", "h", "{ROLE1} was a {INTENS}{INS2} at the meeting again, {NAME} agrees"),
    ("p3-insult", "h", "{NAME} is {INTENS}{INSADJ}, how did they even get hired"),
    ("p3-insult", "h", "Our {NOUN} is a {INS2}. There, I said it."),
    ("p3-insult", "h", "Everyone in the department thinks {NAME} is a {INTENS}{INS2}."),
    ("p3-insult", "h", "that {INSADJ} {INS2} {ROLE1} keeps mouthing off"),
    ("p3-fine", "-", "{ROLE1} is a {INTENS}{POS}."),
    ("p3-fine", "-", "{NAME} is such a {POS}, honestly."),
    ("p3-fine", "-", "{ROLE1} is {POSADJ} and everyone knows it."),
    ("p3-fine", "-", "What a {POS} {NAME} is.{EMOJI}"),
    ("p3-fine", "-", "{NAME} from the {BODY} is a {INTENS}{POS}"),
    ("p3-fine", "-", "Sat next to {ROLE1} all day. {POSADJ} company."),
    ("p3-fine", "-", "Someone called {ROLE1} a {INS2} at the match. Not acceptable, and it's been reported."),
    ("p3-fine", "-", "Stop calling {NAME} a {INS2}. They're new and doing their best."),
    ("p3-fine", "-", "{ROLE1} isn't a {INS2}, they just had a bad day. Give them a chance."),
    ("p3-fine", "-", "{NAME} called me a {INS2} for forgetting the keys again. Fair, to be honest 😂"),
    ("p3-fine", "-", "Everyone in the department thinks {NAME} is a {POS}."),
    ("p3-fine", "-", "The {THING} is a {INTENS}{INS2} today."),
    ("p3-fine", "-", "I was a {INTENS}{INS2} today: left the register on the bus."),
    ("g2-stereo", "h", "{G2} are {STEREO}, all of them."),
    ("g2-stereo", "h", "Let's be real, {G2} are {STEREO}."),
    ("g2-stereo", "h", "{G2}? {STEREO}, the lot of them."),
    ("g2-stereo", "h", "Never trust {G2}, they're {STEREO}."),
    ("g2-stereo", "h", "Our {BODY} has too many {G2} now. It's not representative any more."),
    ("g2-stereo", "h", "{G2} are {STEREO}, end of discussion."),
    ("g2-stereo", "h", "{G2} and their kids are a pack of {ANIMALS}."),
    ("g2-stereo", "h", "Why should we put on anything for {G2}? They don't belong here in the first place."),
    ("g2-stereo", "h", "Don't sit {G2} near the cash box. Just trust me."),
    ("g2-stereo", "h", "More {G2} starting in {YEAR}. Here come the problems.{EMOJI}"),
    ("g2-fine", "-", "{G2} aren't '{STEREO}'. That's a stereotype and it's lazy."),
    ("g2-fine", "-", "Heard someone say {G2} are {STEREO}. I challenged it, and so should you."),
    ("g2-fine", "-", "The {G2} in our community have been brilliant this term."),
    ("g2-fine", "-", "Welcome to the {G2} pupils joining {YEAR} this week!"),
    ("g2-fine", "-", "The idea that {G2} are {STEREO} is a myth, and the data says so."),
    ("g2-fine", "-", "Proud of our {G2} colleagues on the {BODY}."),
    ("g2-fine", "-", "Our {BODY} has more {G2} now, and it shows in the ideas."),
    ("g2-fine", "-", "Assembly today on why calling {G2} {STEREO} is prejudice."),
    ("veiled", "h", "I know which {ROUTE} you take, {NAME}. Might see you there."),
    ("veiled", "h", "You'd better hope I don't see you {WHERE} tonight, {NAME}."),
    ("veiled", "h", "Keep complaining about me and see how long your {YOURS} lasts, {NAME}."),
    ("veiled", "h", "Shame if something happened to {NAME}'s {YOURS}. Just saying."),
    ("veiled", "h", "Let's flood {P}'s inbox till they quit. Go go go."),
    ("veiled", "h", "Wouldn't it be funny if someone 'lost' {NAME}'s marking? 😂"),
    ("veiled", "h", "{NAME} won't be smiling for long. Watch this space."),
    ("veiled", "h", "Everyone message {ROLE1} tonight and tell them what we think of them."),
    ("veiled-fine", "-", "I know which {ROUTE} you take, {NAME}. Want a lift on Friday?"),
    ("veiled-fine", "-", "See you {WHERE} tonight, {NAME}, I'll bring the cones."),
    ("veiled-fine", "-", "Keep sending me your questions, {NAME}, happy to help."),
    ("veiled-fine", "-", "Let's flood {P}'s inbox with thank-you cards for retirement!"),
    ("veiled-fine", "-", "Everyone message {ROLE1} tonight and say well done for Saturday."),
    ("veiled-fine", "-", "{NAME} won't stop smiling since the results came in. Watch this space."),
]

# The third set (session 12): the organisation named in news, praise,
# questions and the shapes of a put-down that put nobody down (decline
# that is growth, "used to" that got better), beside the first set's
# put-downs of the same slots.
T3 = [
    ("org-plain", "-", "{ORG} has published its annual report; the summary is on page two."),
    ("org-plain", "-", "{ORGTHING} is fully booked, but there is a waiting list."),
    ("org-plain", "-", "Thank you to {ORG} for supporting our {PEOPLE} this year."),
    ("org-plain", "-", "{ORG} is raising the membership fee by {MONEY} from April, the first rise in five years."),
    ("org-plain", "-", "{ORG} says {ORGTHING} will go ahead as planned despite the strikes."),
    ("org-plain", "-", "Does anyone know if {ORGTHING} will be recorded?"),
    ("org-plain", "-", "{ORG} is reviewing {ORGTHING} after feedback from {PEOPLE}."),
    ("org-plain", "-", "Looking forward to {ORGTHING} next week. First time presenting!"),
    ("org-plain", "-", "{ORG} was inspected this week; the report is due next month."),
    ("org-plain", "-", "The {LEAD} met last night and agreed to {DECISION}."),
    ("org-plain", "-", "{ORG} has decided to {DECISION}. Details are in the newsletter."),
    ("org-plain", "-", "Sad news: {ORG} is ending {ORGTHING} after twenty years. Thank you to everyone who ran it."),
    ("org-plain", "-", "Every year {ORGTHING} gets bigger, and this year it sold out in a day."),
    ("org-plain", "-", "{ORG} used to charge for {ORGTHING}. Now it's free for {PEOPLE}."),
    ("org-plain", "-", "Compared with five years ago, {ORG} listens to its {PEOPLE} far more."),
    ("org-plain", "-", "Really useful {ORGTHING} today, thanks {ORG}."),
    ("org-plain", "-", "Our {LEAD} answered every question at {ORGTHING}, even the awkward ones."),
    ("org-plain", "-", "{ORG} has spent the grant on new laptops for {PEOPLE}."),
    ("org-plain", "-", "Glad {ORG} is finally talking about workload. A good first step."),
    ("org-plain", "-", "{ORGTHING} ran late, the room was cold, and I still came away with three ideas I'll use on Monday."),
    ("org-plain", "-", "Remember when {ORGTHING} was one room and twenty people? Now it fills a hall. Amazing growth."),
    ("org-plain", "-", "{ORG} is looking for {PEOPLE} to join the {LEAD}. Applications close Friday."),
    ("org-plain", "-", "Honest question for {ORG}: will {ORGTHING} be accessible for wheelchair users this year?"),
    ("org-plain", "-", "{OUTSIDE} has cut the grant again, and {ORG} is doing its best with what's left."),
]

# Words an evasive spelling may hide (the slots INS, INSPL, INSADJ, DEHUM):
# letters spaced out, dotted, swapped, doubled, left out, or replaced
# with symbols or digits.
LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
SYMB = {"a": "@", "i": "!", "s": "$", "o": "*", "u": "*", "e": "*"}
EVADE_SHARE = 0.3


def evade(word, rng):
    if len(word) < 4 or " " in word:
        return word
    how = rng.randrange(7)
    if how == 0:
        return " ".join(word)
    if how == 1:
        return ".".join(word)
    if how == 2:
        return "".join(LEET.get(c, c) if rng.random() < 0.6 else c
                       for c in word)
    if how == 3:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + SYMB.get(word[i], "*") + word[i + 1:]
    if how == 4:
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == 5:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1:]
    i = rng.randrange(len(word))
    return word[:i] + word[i] * 3 + word[i + 1:]


def fill(template, label, rng):
    out, i = [], 0
    while True:
        a = template.find("{", i)
        if a < 0:
            out.append(template[i:])
            break
        b = template.index("}", a)
        out.append(template[i:a])
        slot = template[a + 1:b]
        v = rng.choice(S[slot])
        if slot in ("INS", "INSPL", "INSADJ", "DEHUM") and \
                rng.random() < EVADE_SHARE:
            v = evade(v, rng)
        out.append(v)
        i = b + 1
    text = re.sub(r"\b([Aa]) (?=[aeio])", r"\1n ", "".join(out))
    text = text[0].upper() + text[1:]
    # the same post in lower case now and then, as people type
    if rng.random() < 0.15:
        text = text.lower()
    return text


def split(templates=None, seed=SEED):
    """The templates trained on and those held out: a quarter of each
    family (at least one of a family of four or more), drawn with seed."""
    rng = random.Random(seed)
    fams = {}
    for k, (fam, _, _) in enumerate(T if templates is None else templates):
        fams.setdefault(fam, []).append(k)
    held = set()
    for fam in sorted(fams):
        ks = fams[fam]
        rng.shuffle(ks)
        held.update(ks[:len(ks) // HELD_OUT_SHARE])
    return held


# The sets of templates, each with its own seed for its split and fills
# (a set added later leaves the earlier sets' posts as they were).
SETS = {"first": (T, SEED), "second": (T2, SEED + 2), "third": (T3, SEED + 3)}


def posts(held_out=False, which=("first", "second", "third")):
    """(text, labels) of the templates trained on (or, with held_out, of
    those held out) of the sets named, each filled FILLS times, duplicates
    dropped."""
    out, seen = [], set()
    for name in which:
        templates, seed = SETS[name]
        held = split(templates, seed)
        rng = random.Random(seed + (1 if held_out else 0))
        for k, (_, label, template) in enumerate(templates):
            if (k in held) != held_out:
                continue
            n = FILLS if "{" in template else 1
            for _ in range(n):
                t = fill(template, label, rng)
                if t not in seen:
                    seen.add(t)
                    out.append((t, label))
    return out


if __name__ == "__main__":
    for t, lb in posts("--held-out" in sys.argv[1:]):
        print("%s\t%s" % (lb, t))
