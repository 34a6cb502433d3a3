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
put-down, - neither. Each template is filled FILLS times with slots drawn
from one random.Random(SEED); a quarter of each family's templates
(drawn with the same seed) is held out: never trained on, filled for the
development set `generated` of train.py --dev, so that set's shapes are
ones the models never saw, only their slots.

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


def split():
    """The templates trained on and those held out: a quarter of each
    family (at least one of a family of four or more), drawn with SEED."""
    rng = random.Random(SEED)
    fams = {}
    for k, (fam, _, _) in enumerate(T):
        fams.setdefault(fam, []).append(k)
    held = set()
    for fam in sorted(fams):
        ks = fams[fam]
        rng.shuffle(ks)
        held.update(ks[:len(ks) // HELD_OUT_SHARE])
    return held


def posts(held_out=False):
    """(text, labels) of the templates trained on (or, with held_out, of
    those held out), each filled FILLS times, duplicates dropped."""
    held = split()
    rng = random.Random(SEED + (1 if held_out else 0))
    out, seen = [], set()
    for k, (_, label, template) in enumerate(T):
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
