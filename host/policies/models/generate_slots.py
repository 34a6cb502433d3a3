#!/usr/bin/python3
"""The slots of generate.py's templates: the words each `{SLOT}` is filled
from, drawn with the set's own random.Random (generate.fill). The first
set's slots (session 9), then the second set's (session 12) added under
new names, so the first set's fills stay as they were. Written for this
project (MIT, as the repository); see generate.py for what the posts are
for and what they were written from.
"""

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
