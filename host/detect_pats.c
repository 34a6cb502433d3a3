/* detect_pats.c: every regular expression the detectors use, in one
 * place, by id (enum pc__pat in detect_int.h). They run on the
 * PC_VIEW_CASED view; PCRE2_CASELESS is set where case carries no
 * meaning. Shapes only: the checks that need code (checksums, number
 * plans, context) are in the detector files. */
#include "detect_int.h"

/* A pattern's flags where case carries no meaning (a designator: the
 * table below names every field it sets). */
#define CI .flags = PCRE2_CASELESS

#define MONTH                                                              \
    "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|" \
    "aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|"          \
    "dec(?:ember)?)"

/* An age in words, up to a child's. */
#define NUMW                                                               \
    "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"   \
    "thirteen|fourteen|fifteen|sixteen|seventeen)"

/* An answer word: not an article or filler ("my first pet was a dog"). */
#define ANSWER                                                             \
    "(?!(?:a|an|the|so|very|really|not|my|our|such|lovely|sweet|cute|"     \
    "called|named|from|in|at|on|with|and|but|also|still|never|always|"     \
    "just|what|who|which|that|this|it|amazing|awesome|great|brilliant|"   \
    "rubbish|terrible|huge|tiny|old|new|black|white|ginger|grey|gray|"     \
    "brown|small|big|little|fat|naughty|cheeky|adorable|gorgeous|"         \
    "beautiful|the|best|worst|gone|dead|rescued|adopted|obsessed|"         \
    "useless|awful|hopeless|doing|playing|losing|winning|top|bottom|"     \
    "whoever|whoever's|whatever|anyone|anybody|everyone|nobody|none)\\b)"  \
    "\\w[\\w'’-]*"

/* A byte of an email address's local part: [A-Za-z0-9._%+-]. */
static int local_byte(unsigned char c)
{
    return (unsigned char)((c | 0x20) - 'a') < 26 ||
           (unsigned char)(c - '0') < 10 || c == '.' || c == '_' ||
           c == '%' || c == '+' || c == '-';
}

const struct pc__pat_def pc__pat_defs[PC__P_COUNT] = {
    [PC__P_EMAIL] = {.re =
        "(?<![\\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63})@"
        "((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
        "([A-Za-z]{2,24}))(?![\\w@-]|\\.[A-Za-z0-9])",
        /* The local part is 1 to 64 ASCII characters before the '@'. */
        .anchor = '@', .reach = 64, .lead = local_byte},
    [PC__P_EMAIL_OBF] = {.re =
        "(?<![\\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}\\s*"
        "(?:\\[at\\]|\\(at\\)|\\{at\\}|\\s\\[@\\]\\s)\\s*[a-z0-9-]+"
        "(?:\\s*(?:\\.|\\[dot\\]|\\(dot\\)|\\s+dot\\s+)\\s*[a-z0-9-]+)+"
        "|(?<![\\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}(?:\\s+dot\\s+[a-z0-9]+)*"
        "\\s+at\\s+(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|"
        "btinternet|aol|protonmail|virginmedia|talktalk)"
        "\\s*(?:\\.|\\s+dot\\s+)\\s*(?:com|co\\s*(?:\\.|\\s+dot\\s+)\\s*uk|net)"
        "\\b"
        /* "j.bloggs @ hotmail.co.uk": spaces round the @. */
        "|(?<![\\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}\\s+@\\s+[a-z0-9-]+"
        "(?:\\.[a-z0-9-]+)*\\.(?:com|org|net|edu|gov|uk)\\b", CI,
        .need = pc__need_email_obf},
    /* "jane at school dot org", "j.smith at oakfield.org.uk": any domain,
     * so the detector also wants an email word before it. */
    [PC__P_EMAIL_SPOKEN] = {.re =
        "(?<![\\w.%+-])[a-z0-9][a-z0-9._%+-]{0,63}(?:\\s+dot\\s+[a-z0-9-]+)*"
        "\\s+at\\s+[a-z0-9-]+(?:(?:\\s+dot\\s+|\\.)[a-z0-9-]+)*"
        "(?:\\s+dot\\s+|\\.)(?:com|org|net|edu|gov|uk|io|me|ie|us|info|"
        "co(?:\\s+dot\\s+|\\.)uk|org(?:\\s+dot\\s+|\\.)uk|"
        "ac(?:\\s+dot\\s+|\\.)uk|sch(?:\\s+dot\\s+|\\.)uk)\\b", CI,
        .key = PC__KEY_SPOKEN_AT},
    [PC__P_EMAIL_CTX] = {.re =
        "\\b(?:e-?mail(?:ed|ing)?|mail|write\\s+to|message|drop\\s+"
        "(?:me|us|him|her|them)\\s+a\\s+(?:line|note)|contact|reach|"
        "address\\s+is)\\b", CI},
    [PC__P_PHONE] = {.re =
        "(?<![\\w+/.,:£$€#-])(\\+?\\(?[0-9][0-9 ().\\-]{6,20}[0-9])"
        "(?![0-9]|[.,\\-/][0-9]|[\\w%])", .need = pc__need_phone,
        .reach = 2},
    /* A word saying a number is something other than personal data (an
     * order, a parcel, a product); phones, cards and sort codes use it. */
    [PC__P_PHONE_NEG] = {.re =
        "\\b(?:order|orders|ref|refs|reference|invoice|inv|tracking|parcel|"
        "case|ticket|tickets|booking|policy|charity|company|registration|"
        "reg|isbn|issn|serial|sku|receipt|transaction|customer|account|"
        "acct|a/c|sort\\s+code|batch|lot|model|part|urn|ukprn|vat|"
        "membership|id|product|(?<!area\\s)code|barcode|ean|upc|imei|"
        "shipment|item|licen[cs]e\\s+key|isin)\\b", CI},
    [PC__P_CARD_CTX] = {.re =
        "\\b(?:card|cards|visa|mastercard|master\\s+card|amex|maestro|"
        "discover|jcb|diners|unionpay|cc|credit|debit|cvv|cvc|exp|expiry|"
        "expires|pay|payment|charge)\\b", CI},
    [PC__P_PHONE_POS] = {.re =
        "\\b(?:call|phone|tel|telephone|mobile|mob|cell|text|txt|ring|"
        "whatsapp|contact|reach|dial|hmu|cellphone)\\b|"
        "\\b(?:my|his|her|their)\\s+(?:new\\s+)?number\\b|\\bnew\\s+number\\b|"
        "['’]s\\s+(?:new\\s+)?number\\b", CI},
    [PC__P_ORG_CTX] = {.re =
        "\\b(?:office|reception|helpline|help\\s+line|switchboard|"
        "enquiries|enquiry|call\\s+us|ring\\s+us|contact\\s+us|phone\\s+us|"
        "text\\s+us|main\\s+line|hotline|box\\s+office|freephone|"
        "headquarters|HQ|admissions|(?:member|customer|client)\\s+services|"
        "(?:booking|information|advice|ticket|enquiry)\\s+line)\\b", CI},
    [PC__P_POSTCODE] = {.re =
        "(?<![\\w-])(GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|"
        "[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})"
        "(?![\\w-])",
        /* Its inward code's digit, at most 5 bytes in ("AB12 3CD"). */
        .need = pc__need_digit_caps, .reach = 5},
    [PC__P_POSTCODE_CTX] = {.re =
        "\\b(?:post\\s*code|postal\\s+code|zip(?:\\s+code)?|address)\\b", CI},
    [PC__P_CODE_CTX] = {.re =
        "\\b(?:model|part|product|code|sku|item|serial|ref|reference|order|"
        "cat(?:alogue)?\\s+no|version|firmware|engine|flight|kit|unit)\\b",
        CI},
    [PC__P_VENUE_CTX] = {.re =
        "(?<!\\bmr\\s)(?<!\\bmrs\\s)(?<!\\bms\\s)(?<!\\bdr\\s)(?<!\\bmiss\\s)"
        "(?<![a-z]\\.\\s)"
        "\\b(?:venue|held\\s+at|join\\s+us\\s+at|takes?\\s+place\\s+at|"
        "taking\\s+place\\s+at|located\\s+at|find\\s+us\\s+at|"
        "visit\\s+us\\s+at|hotel|centre|center|hall|library|museum|church|"
        "campus|office|offices|headquarters|HQ|conference|stadium|theatre|"
        "theater|school|academy|college|university|restaurant|cafe|café|"
        "pub|gallery|club|arena|hub|studios?|convention|summit|unit|suite|"
        "floor|po\\s+box|registered\\s+office|shop|shops|store|bakery|salon|"
        "surgery|clinic|pharmacy|showroom|warehouse|depot|business)\\b"
        /* A venue word naming a street ("Church Lane", "School Road") is
         * part of an address, not a venue. */
        "(?!\\s+(?:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|"
        "crescent|way|grove|gardens|court|place|terrace|mews|row|hill|"
        "green|walk|view|rise|square|yard|gate|fields|meadow)\\b)", CI},
    [PC__P_HOME_CTX] = {.re =
        "\\b(?:lives?|living|lived|moved|moving|(?:my|his|her|their|"
        "home)\\s+(?:house|flat|home|address|place)|"
        "at\\s+(?:mine|home)|round\\s+at|staying\\s+at|neighbour|neighbor|"
        "doorstep)\\b|['’]s\\s+(?:house|flat|home|place|address)\\b", CI},
    [PC__P_ADDRESS] = {.re =
        "(?<![\\w£$€.,/:-])([0-9]{1,5}[A-Za-z]?),?[ \\t]+"
        "(?:(?:N|S|E|W|NE|NW|SE|SW)\\.?[ \\t]+)?"
        "((?:(?:[A-Z][a-z'’]+|[0-9]{1,3}(?:st|nd|rd|th))[ \\t]+){1,3})"
        "(Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Crescent|"
        "Cres|Way|Grove|Gardens|Gdns|Court|Ct|Place|Pl|Terrace|Mews|"
        "Boulevard|Blvd|Square|Sq|Row|Hill|Park|Walk|Rise|View|Parade|"
        "Green|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Trail|Plaza|Wharf|Vale|"
        "Yard|Heights|Gate|Cottages|Villas|Croft|Chase|Meadows?)\\b\\.?",
        /* Its house number and the capital or ordinal after it. */
        .need = pc__need_house},
    [PC__P_ADDRESS_LC] = {.re =
        "\\b(?:lives?|living|lived|moved|moving|address(?:\\s+is)?|"
        "home\\s+is|staying)\\s+(?:at|to|on|in|is|:)?\\s*"
        "([0-9]{1,4}[a-z]?,?\\s+(?:[a-z'’]+\\s+){1,3}(?:road|rd|street|st|"
        "avenue|ave|lane|ln|close|drive|dr|crescent|way|grove|gardens|"
        "court|place|terrace|mews|boulevard|blvd|square|row|hill|park|"
        "walk|rise|view|parade|green|cottages|villas|croft|chase|"
        "meadows?)\\b|"
        /* After "lives at", "address is": a one-word street ("22
         * Kingsway", "4 Broadway"). */
        "[0-9]{1,4}[a-z]?,?\\s+(?!(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
        MONTH "\\b|year|class|days|weeks|hours|minutes)"
        "(?-i:[A-Z])[a-z'’]{3,}(?:\\s+(?-i:[A-Z])"
        "[a-z'’]+)?(?!\\s+(?:pm|am|years?|days?|weeks?|months?)\\b))", CI},
    /* An address in any case ("14 elm close"): the detector wants a
     * home word or a postcode beside it. The street's words are not
     * distances, counts or articles ("3 miles down the road"). */
    [PC__P_ADDRESS_CI] = {.re =
        "(?<![\\w£$€.,/:-])[0-9]{1,4}[a-z]?,?\\s+(?:(?!(?:the|a|an|down|up|"
        "along|across|of|on|in|at|to|from|by|miles?|mins?|minutes?|hours?|"
        "doors?|houses?|km|metres?|meters?|yards?|steps?|times?|more|"
        "other|new|old|my|our|your|his|her|their|is|was|and|or|year|"
        "years|days?|weeks?)\\b)[a-z'’]+\\s+){1,3}(?:road|rd|street|lane|"
        "close|drive|crescent|avenue|ave|grove|terrace|gardens|mews|court|"
        "place)\\b", CI},
    [PC__P_ADDR_LEAD] = {.re =
        "(?:\\b(?:year|yr|y|class|room|rm|key\\s+stage|ks|top|page|p|"
        "chapter|level|stage|group|team|table|platform|gate|step|no|"
        "number|over|under|about|around|only|just|all|the|our|your|these|"
        "those|scored|won|lost|least|best|first|last|next)|[£$€#])\\s*\\z",
        CI},
    /* Street addresses of many countries (detect_addr.c). A house
     * number, then capitalised name words, then a street word: the
     * USPS's street suffixes (the names US addresses use) and the UK's,
     * Australia's and Canada's. Group 1: the number, 2: the street word. */
    [PC__P_STREET_NUM] = {.re =
        "(?<![\\w£$€.,/:#-])([0-9]{1,6}[A-Za-z]?(?:-[0-9]{1,4})?),?[ \\t]+"
        "(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\\.?[ \\t]+)?"
        "(?:\\p{Lu}[\\p{L}'’.-]*[ \\t]+){1,4}"
        "(Street|St|Road|Rd|Avenue|Ave|Av|Lane|Ln|Drive|Dr|Boulevard|Blvd|"
        "Close|Crescent|Cres|Court|Ct|Place|Pl|Terrace|Ter|Way|Mews|Grove|"
        "Gardens?|Gdns|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|"
        "Trl|Row|Rise|Parade|Esplanade|Circuit|Promenade|Quay|Wharf|Wynd|"
        "Chase|Croft|Copse|Paddock|Yard|Gate|Vale|View|Views|Walk|Hill|"
        "Hills|Park|Green|Meadows?|Heights|Cottages|Villas|Approach|Drove|"
        "Alley|Annex|Arcade|Bayou|Beach|Bend|Bluffs?|Bottom|Branch|Bridge|"
        "Brooks?|Burgs?|Bypass|Camp|Canyon|Cape|Causeway|Centers?|Circles|"
        "Cliffs?|Club|Commons?|Corners?|Course|Courts|Coves?|Creek|Crest|"
        "Crossing|Crossroad|Curve|Dale|Dam|Divide|Drives|Estates?|"
        "Expressway|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|"
        "Forges?|Forks?|Fort|Freeway|Gateway|Glens?|Greens|Groves|Harbors?|"
        "Haven|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|"
        "Land|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Mill|"
        "Mills|Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|"
        "Overpass|Parks|Pass|Passage|Path|Pike|Pines?|Plains?|Plaza|"
        "Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|"
        "River|Roads|Route|Run|Shoals?|Shores?|Skyway|Springs?|Spurs?|"
        "Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|"
        "Track|Trafficway|Trailer|Tunnel|Turnpike|Underpass|Unions?|"
        "Valleys?|Viaduct|Villages?|Ville|Vista|Walks|Wall|Ways|Wells?)"
        "\\b\\.?",
        /* Its house number and the capital after it. */
        .need = pc__need_street},
    /* The street word first (French, Spanish, Italian, Portuguese,
     * Polish, Greek): "9 Rue du Faubourg", "Calle Mayor 5", "Via Roma
     * 12", "ul. Długa 3". The number before the word, or within five
     * words after it. */
    [PC__P_STREET_TYPE] = {.re =
        "(?:(?<![\\w£$€.,/:#-])[0-9]{1,5}[a-zA-Z]?,?[ \\t]+)?"
        "(?<![\\w-])(?:Rue|Avenue|Boulevard|Bd|Impasse|All[ée]e|Quai|Chemin|"
        "Cours|Passage|Sentier|Calle|C/|Avenida|Avda\\.|Plaza|Paseo|Camino|"
        "Carretera|Ronda|Traves[ií]a|Glorieta|Via|Viale|Piazza|Piazzale|"
        "Corso|Strada|Vicolo|Largo|Contrada|Borgo|Lungomare|Rua|Travessa|"
        "Pra[çc]a|Beco|Estrada|Alameda|Rotunda|ul\\.|ulica|al\\.|aleja|os\\.|"
        "osiedle|pl\\.|plac|bulw\\.|Odos|Οδός|Λεωφόρος|Place|Rampa|Ramal|"
        "Senda|Cuesta|Callej[óo]n|Pasaje|Urbanizaci[óo]n|Cal[çc]ada|"
        "Caminho|Viela|Azinhaga|Ladeira|Rotonda|rondo|skwer|wyb\\.|Rambla|"
        "Voie|rynek)[ \\t]+"
        "(?:(?:d[eu]|de|des|del|della|di|da|do|dos|das|la|le|les|"
        "l['’]|d['’])[ \\t]*){0,2}\\p{Lu}[\\p{L}'’.-]*"
        "(?:(?:[ \\t]+(?:d[eu]|de|la|le|des|del|della|di|da|do|dos|das))?"
        "[ \\t]+\\p{Lu}[\\p{L}'’.-]*){0,4}"
        "(?:,?[ \\t]+(?:[0-9]{1,4}[a-zA-Z]?\\b|s/n\\.?))?"},
    /* A street name ending in its street word, then the number: German,
     * Dutch, Nordic, Finnish, Hungarian ("Röntgenstr. 2", "Driessenweg
     * 405", "Hovedgaden 67", "Johanssons Väg 2", "Petteritie 1 A 4",
     * "Erzsébet tér 19."). */
    [PC__P_STREET_COMPOUND] = {.re =
        "(?<![\\w-])(?:(?:\\p{Lu}[\\p{L}'’.-]*[ \\t]+){0,2}"
        "\\p{Lu}[\\p{L}'’-]{2,}?(?i:stra(?:ß|ss)e|str\\.|weg|allee|"
        "platz|gasse|damm|ufer|chaussee|straat|laan|plein|gracht|kade|"
        "singel|dijk|vej|gade|all[ée]|vænge|stræde|boulevarden|torv|"
        "v[äa]g|v[äa]gen|gatan|gata|gr[äa]nd|backe|stigen|veien|gate|"
        "tie|katu|kuja|polku|raitti|penger|rinne|tori|kaari|ranta|linja|"
        "utca|út|útja|körút|sétány|park|plantsoen|vænget|gränden|gaden|"
        "vejen|allén|väylä)"
        /* The street word apart, after one or two name words. */
        "|(?:\\p{Lu}[\\p{L}'’.-]*[ \\t]+){1,2}(?i:Stra(?:ß|ss)e|Str\\.|Weg|"
        "Allee|Platz|Gasse|Väg|Vägen|Gata|Gatan|Vej|Gade|Vei|Veien|utca|"
        "út|tér|körút|köz))[ \\t]+[0-9]{1,4}[a-zA-Z]?(?![\\w])\\.?"},
    /* A Japanese address: chōme, banchi, gō. */
    [PC__P_STREET_JP] = {.re =
        "[0-9０-９一二三四五六七八九十]{1,3}丁目[0-9０-９]{1,4}番地?"
        "(?:[0-9０-９]{1,4}号)?",
        /* Its 丁目, after at most three characters of three bytes. */
        .need = pc__need_chome, .reach = 9},
    /* What follows a street in an address, from its end (\G): a flat or
     * suite, then a comma or a new line and a town or a postcode. */
    [PC__P_ADDR_TAIL] = {.re =
        "\\G\\.?(?:[ \\t]*,?[ \\t]*(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|"
        "Flat|Floor|Lgh\\.?|Zimmer|Piano|Puerta|Esc\\.|Appartamento|Hus|"
        "m\\.|[A-Z]|[0-9]{1,2}\\.?[ \\t]*(?:tv|th|mf|sal|OG|hoog|étage|"
        "piso|andar))[ \\t]*[\\w.-]*)*(?:[ \\t]*,[ \\t]*|[ \\t]*\\n[ \\t]*)"
        "(?:[0-9]{3,5}(?:[ -][0-9]{2,3})?[ \\t]+)?\\p{Lu}"},
    /* Any street line: a house number and capitalised words, the number
     * first or last ("Skovbrynet 21B", "Rampa María Elena, 5"); the
     * detector wants a town after it and a word saying it is an
     * address. */
    [PC__P_STREET_ANY] = {.re =
        "(?<![\\w£$€.,/:#-])(?:[0-9]{1,5}[a-zA-Z]?,?[ \\t]+"
        "(?:\\p{L}[\\p{L}'’.-]*[ \\t]+){0,3}\\p{Lu}[\\p{L}'’.-]+"
        "|\\p{Lu}[\\p{L}'’.-]*(?:[ \\t]+(?:\\p{Lu}[\\p{L}'’.-]*|de|del|la|"
        "las|los|da|do|dos|di|van|von|der|den|y|e)){0,4},?[ \\t]+"
        "[0-9]{1,5}[a-zA-Z]?(?:[/-][0-9]{1,4}|-\\p{L}+\\.?)?(?![\\w]))"},
    /* Words that say an address follows or precedes. */
    [PC__P_ADDR_CTX] = {.re =
        "\\b(?:address|addr|adresse|direcci[óo]n|indirizzo|endere[çc]o|"
        "adres|osoite|live[sd]?\\s+(?:at|in|on)|living\\s+(?:at|in)|"
        "moved\\s+(?:to|house)|send\\s+(?:it|them|this|"
        "that|the\\s+\\w+)\\s+to|deliver(?:y|ed)?\\s+to|ship(?:ping|ped)?"
        "\\s+to|post\\s+(?:it|them)\\s+to|forward\\s+(?:my|the|our)\\s+"
        "(?:post|mail)|drop\\s+(?:it|them|the\\s+\\w+)\\s+(?:off\\s+)?at|"
        "billing|(?:my|our|his|her|their)\\s+(?:house|flat|place|home|"
        "apartment)|ours|at\\s+mine|new\\s+address)\\b|\\bhome\\s*:", CI},
    [PC__P_DATE] = {.re =
        "(?<![\\w/.-])(?:([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]"
        "((?:19|20)?[0-9]{2})|((?:19|20)[0-9]{2})(?:-|/|\\.\\s?)([0-9]{1,2})"
        "(?:-|/|\\.\\s?)([0-9]{1,2})\\.?|"
        "[0-9]{1,2}(?:st|nd|rd|th)?(?:\\s+of)?\\s+" MONTH "\\.?"
        "(?:,?\\s+(?:1[0-9]|20)[0-9]{2})?|" MONTH "\\.?\\s+[0-9]{1,2}"
        "(?:st|nd|rd|th)?(?:,?\\s+(?:1[0-9]|20)[0-9]{2})?)(?![\\w/-]|\\.[0-9])",
        CI, .key = PC__KEY_DIGIT},
    /* A birthday as day and month in figures ("my bday is 8/14"). */
    [PC__P_BDAY_MD] = {.re =
        "\\b(?:birthday|bday|b-day|dob|d\\.o\\.b\\.?)\\s*(?:is\\s+|:\\s*|-\\s*)?"
        "(?:on\\s+)?\\K([0-9]{1,2})[/.]([0-9]{1,2})(?![/.]?[0-9])", CI},
    [PC__P_BORN_YEAR] = {.re =
        "\\bborn\\s+(?:in\\s+)?(?:19|20)[0-9]{2}\\b", CI},
    [PC__P_DOB_CTX] = {.re =
        "(?:\\b(?:born|birthday|bday|b-day|birth\\s*date|birthdate|"
        "date\\s+of\\s+birth|dob)\\b|\\bd\\.o\\.b\\b)", CI},
    [PC__P_DOB_NEG] = {.re =
        "\\b(?:founded|established|opened|anniversary|since|built|"
        "launched|est)\\b", CI},
    [PC__P_AGE] = {.re =
        "\\b(?:aged?\\s+([0-9]{1,2})(?![0-9])"
        "(?!\\s*(?:-|–|to|and|or|\\+|&)\\s*[0-9])(?!\\+|\\s*(?:and|or|&)\\s+"
        "(?:over|under|above|up|below))|([0-9]{1,2})[\\s-]+years?[\\s-]+"
        "old\\b|" NUMW "[\\s-]+years?[\\s-]+old\\b|"
        "([0-9]{1,2})(?:st|nd|rd|th)\\s+birthday\\b|"
        "happy\\s+([0-9]{1,2})(?:st|nd|rd|th)(?=\\s+to\\b|\\s*!)|"
        "(?:is|was|will\\s+be|['’]ll\\s+be|(?<=\\w)['’]s)\\s+([0-9]{1,2}|" NUMW ")"
        "(?=\\s+(?:today|tomorrow|"
        "tonight|this\\s+(?:week|weekend|month|\\w+day)|next\\s+(?:week|"
        "weekend|month|\\w+day)|on\\s+(?:the\\s+[0-9]|\\w+day)|in\\s+"
        "(?:june?|july?|aug\\w*|sept?\\w*|oct\\w*|nov\\w*|dec\\w*|jan\\w*|"
        "feb\\w*|march|april|may)\\b))|"
        "(?<=[,!:]\\s)([0-9]{1,2})(?=\\s+(?:today|tomorrow)\\b)|"
        "(?:is|are)\\s+(?:now\\s+)?([0-9]{1,2})(?=(?:\\s*(?:and|&|,)\\s*[0-9]{1,2})*"
        "\\s+(?:now|already)\\b)|"
        "(?<=\\w)\\s*\\(\\s*(?:aged?\\s*)?([0-9]{1,2})\\s*\\)|"
        "turn(?:s|ed|ing)?\\s+([0-9]{1,2}|" NUMW "\\b(?!\\s+(?:of|more|another|"
        "way|side|pages?|round|around|over|by|at|into|and|or)\\b))"
        "(?![0-9%]|\\s*(?:years?\\s+of|"
        "years?[\\s-]+old|"
        "percent|per\\s+cent|degrees|times|pages|goals)))", CI,
        .key = PC__KEY_AGE},
    /* The person an age is about, just before it: "she turns 7 on
     * Friday", "he is 5 today". */
    [PC__P_AGE_WHO] = {.re =
        "\\b(?:she|he|this\\s+(?:one|little\\s+one|boy|girl|little\\s+"
        "(?:man|lady|monkey))|the\\s+birthday\\s+(?:girl|boy))"
        "(?:['’]s|\\s+(?:is|was|will\\s+be|has\\s+just|"
        "just|is\\s+now|finally))?\\s*\\z", CI},
    [PC__P_KIN] = {.re =
        "\\b(?:my|our|his|her|their)\\s+(?:(?:little|baby|youngest|eldest|"
        "oldest|middle|beautiful|gorgeous|amazing|wonderful)\\s+)?"
        "(?:son|daughter|child|boy|girl|grandson|granddaughter|grandchild|twins|"
        "nephew|niece|kid|little\\s+one|pupil|stepson|stepdaughter)s?\\b",
        CI},
    [PC__P_NI] = {.re =
        "(?<![\\w-])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?([0-9]{2}) ?"
        "([0-9]{2}) ?([0-9]{2}) ?([A-D])?(?![\\w-])",
        .need = pc__need_caps_digit},
    [PC__P_NI_CTX] = {.re =
        "(?:\\b(?:NI|NINO|national\\s+insurance)\\b|\\bN\\.I\\.)", CI},
    [PC__P_CARD] = {.re =
        "(?<![0-9]|[0-9][ -]|[\\w.])[0-9](?:[ -]?[0-9]){11,18}"
        "(?![ -]?[0-9]|[\\w]|\\.[0-9])", .need = pc__need_card},
    [PC__P_SORTCODE] = {.re =
        "(?<![\\w-])[0-9]{2}([- ])[0-9]{2}\\1[0-9]{2}"
        "(?![\\w-]|[ -][0-9]{2}(?![0-9]))|"
        "(?i:\\bsort\\s*code|\\bs/c)\\s*(?:is|:|-)?\\s*[0-9]{6}(?![\\w-])",
        .key = PC__KEY_SORTCODE},
    [PC__P_ACCT8] = {.re = "(?<![\\w-])[0-9]{8}(?![\\w-])",
                     .need = pc__need_8_digits},
    [PC__P_ACCT_LABEL] = {.re =
        "\\b(?:account|acct|acc|a/c)\\s*(?:number|no\\.?|num|#)?\\s*"
        "(?:is|:|#|-)?\\s*([0-9]{6,17})(?![\\w-])", CI},
    [PC__P_BANK_CTX] = {.re =
        "\\b(?:bank|banking|sort\\s*code|s/c|routing|aba|bacs|iban|swift|"
        "bic|transfer|direct\\s+debit|standing\\s+order|payee)\\b", CI},
    [PC__P_ROUTING] = {.re = "(?<![\\w-])[0-9]{9}(?![\\w-])",
                       .need = pc__need_9_digits},
    [PC__P_ROUTING_CTX] = {.re =
        "\\b(?:routing|aba|rtn|transit|wire)\\b", CI},
    [PC__P_IBAN] = {.re =
        "(?<!\\w)[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"
        "(?!\\w)", .need = pc__need_caps_digit},
    /* A passport or driving-licence number right after its label, in
     * English and the languages of the generated set's locales. Group 1:
     * the number. */
    [PC__P_ID_LABELLED] = {.re =
        "\\b(?:passport|reisepass|passeport|pasaporte|passaporto|paspoort|"
        "paszport|passi|driv(?:ing|er['’]?s?)\\s+licen[cs]e|"
        "driving\\s+permit|DL|f[üu]hrerschein|permis\\s+de\\s+conduire|"
        "permiso\\s+de\\s+conducir|patente|rijbewijs|prawo\\s+jazdy|"
        "ajokortti|k[öo]rkort|k[øo]rekort)"
        "(?:\\s+(?:no\\.?|nr\\.?|n[°º]|number|num|#|id))?\\s*(?:is\\s+)?[:#]?\\s*"
        "((?=[A-Za-z0-9-]*[0-9])[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){5,17})"
        "(?![\\w-])", CI},
    /* A UK driving licence number: surname (5, padded with 9s), decade,
     * month (+5 for women), day, year, initials, check digit, two letters. */
    [PC__P_UK_LICENCE] = {.re =
        "(?<![\\w-])[A-Z9]{5}[0-9][0156][0-9][0-3][0-9][0-9][A-Z9]{2}[0-9]"
        "[A-Z]{2}(?![\\w-])", .need = pc__need_licence},
    [PC__P_SSN] = {.re =
        "(?<![\\w-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![\\w-])"},
    [PC__P_SSN_LABEL] = {.re =
        "\\b(?:ssn|social\\s+security(?:\\s+(?:number|no\\.?|#))?|"
        "soc\\s+sec)\\s*(?:is|:|#|-)?\\s*([0-9]{3})[ -]?([0-9]{2})[ -]?"
        "([0-9]{4})(?![\\w-])", CI},
    [PC__P_NAME] = {.re =
        "(?<![\\w@#'’.-])[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\\w@-])"},
    [PC__P_TITLE_BEFORE] = {.re =
        "\\b(?:mr|mrs|ms|miss|mx|dr|sir|dame|prof|professor|rev|revd|"
        "reverend|father|sister|coach|madam|lord|lady|teacher|headteacher|"
        "head|deputy|principal|colleague|governor|trustee|officer|manager|"
        "councillor|cllr|mp|president|chair|secretary|director|ceo|uncle|"
        "auntie|aunt|grandma|grandad|nan|mum|dad|mom|chef|nurse)\\.?\\s+\\z",
        CI},
    [PC__P_CN_STRONG_BEFORE] = {.re =
        "\\b(?:pupils?|schoolboy|schoolgirl|(?:year|yr|y)\\s*[0-9]{1,2}"
        "(?:['’]?s)?|reception|nursery)(?:\\s+(?:pupils?|boy|girl|child|"
        "star|superstar))?\\s*[:,-]?\\s*\\z", CI},
    [PC__P_CN_STRONG_AFTER] = {.re =
        "\\G(?:\\s+(?-i:[A-Z][a-z'’-]+))?\\s*(?:\\(\\s*(?:y|yr|year|ks)\\s*"
        "[0-9]{1,2}[a-z]?\\s*\\)|\\(\\s*(?:[1-9]|1[0-3])[a-z]{1,3}\\s*\\)|"
        ",?\\s+(?:in|from|of)\\s+(?!(?-i:[2-5][DGK]|(?:[1-9]|1[0-2])[AP]M)\\b)(?-i:(?:[1-9]|1[0-3])"
        "[A-Z]{1,2})\\b|,?\\s+(?:in|from|of)\\s+(?:year|yr|y)\\s*"
        "[0-9]{1,2}\\b|,?\\s+(?:in|from|of)\\s+years\\s*[0-9]{1,2}\\b"
        "|,?\\s+(?:in|from|of)\\s+(?:reception|nursery|"
        "(?:class|form)\\s+(?:[0-9]{1,2}[a-z]{0,2}|(?-i:[A-Z][a-z]+))\\b)|,\\s*(?:year|yr|y)\\s*[0-9]{1,2}\\b"
        "|\\s*\\((?:age|aged)?\\s*(?:[1-9]|1[0-7])\\s*\\)"
        "|\\s*\\(\\s*(?:reception|nursery|rec|eyfs)\\s*\\)"
        "|\\s*[-–—:]\\s*(?:(?:year|yr|y)\\s*[0-9]{1,2}\\b|reception|nursery)"
        "|\\s+(?:in|from)\\s+(?:my|our)\\s+(?:nursery|reception|class|"
        "form|group|tutor\\s+group|(?:year|yr|y)\\s*[0-9]{1,2})\\b"
        "|,\\s+(?:one\\s+of\\s+)?(?:my|our)\\s+(?:(?:year|yr|y)\\s*"
        "[0-9]{1,2}s?|pupils?|reception\\s+(?:class|children)|class)\\b)",
        CI},
    [PC__P_CN_PARENT] = {.re =
        "\\G(?:\\s+(?-i:[A-Z][a-z'’-]+))?['’]s\\s+(?:mum|mam|mom|mummy|dad|"
        "daddy|parents|mother|father|carer|nan|grandma|grandad)\\b", CI},
    [PC__P_CN_PRAISE] = {.re =
        "\\b(?:well\\s+done|congratulations|congrats|shout[\\s-]?outs?|"
        "(?:big|huge|massive)\\s+(?:well\\s+done|thank\\s+you|thanks|"
        "congratulations)|thank\\s+you|thanks|proud\\s+of|"
        "\\w+\\s+of\\s+the\\s+(?:week|day|term|month|half[\\s-]term)|"
        "(?:week|term|day)['’]s\\s+(?:star|superstar|winner)s?|"
        "(?:player|man|woman|girl|boy|star)\\s+of\\s+the\\s+(?:match|day|"
        "tournament|game|race)|hello\\s+to|(?:new|newest)\\s+(?:starters?|"
        "pupils?|arrivals?|classmates?)|"
        "(?:gold|silver|bronze|first\\s+place|second\\s+place|"
        "third\\s+place|medals?|prizes?|trophy|trophies|certificates?|"
        "awards?)\\s+(?:for|to|goes\\s+to|went\\s+to)|"
        "pupil\\s+of\\s+the\\s+(?:week|term)|(?:award|certificate|prize|"
        "trophy|medal|badge)s?\\s+(?:goes|go|went)|goes|went|welcome|"
        "happy\\s+(?:[0-9]{1,2}(?:st|nd|rd|th)\\s+)?birthday|good\\s+luck|"
        "superstars?|awarded|winners?|winner\\s+is|champions?|"
        "(?:reading|maths|writing|spelling|times\\s+tables?|phonics)\\s+"
        "(?:stars?|heroe?s?|wizards?)|student\\s+of\\s+the\\s+"
        "(?:week|month)|(?:our|the)\\s+(?:lovely\\s+)?students?|students?|"
        "learners?|(?:my|our|his|her)\\s+(?:son|daughter)|kudos|"
        "hats\\s+off|bravo|special\\s+mentions?|"
        "(?:great|fantastic|amazing|brilliant|super|excellent|fabulous|fab|"
        "wonderful|lovely|outstanding|superb|incredible|awesome)\\s+"
        "(?:[a-z]+\\s+){0,2}?(?:from|by))"
        "(?:\\s+(?:this|last|of\\s+the)\\s+(?:week|term|month|"
        "half[\\s-]term))?"
        "(?:\\s*[!:,.…-]*\\s*(?:to|is|was|are|for)\\b)?\\s*[!:,.…-]*\\s*"
        "(?:(?:our|the)\\s+)?(?:(?:wonderful|amazing|brilliant|lovely|"
        "fantastic|fabulous)\\s+)?(?:(?:new|newest|little)\\s+)?"
        "(?:(?:friend|classmate|buddy|starter)s?\\s+)?\\z", CI},
    [PC__P_SCHOOL_CTX] = {.re =
        "\\b(?:year\\s*[0-9]{1,2}(?:['’]?s)?|yr\\s*[0-9]{1,2}|y[0-9]{1,2}|ks[1-5]|"
        "key\\s+stage|reception|nursery|class|pupils?|school|assembly|"
        "playground|sports\\s+day|house\\s+points?|merit|dojo|"
        "head(?:teacher)?'?s?\\s+award|star\\s+of\\s+the\\s+week|"
        "pupil\\s+of\\s+the\\s+week|times\\s+tables|spellings?|phonics|"
        "homework|form\\s+tutor|lunchtime|after[\\s-]school|"
        "school\\s+council|wow\\s+work|golden\\s+book|"
        "parents['’]?\\s+evening|tutor\\s+group|form\\s+group|"
        "school\\s+councillors?|maths|numeracy|literacy|handwriting|sats|"
        "gcses?|school\\s+trip|class\\s+trip|golden\\s+time|"
        "show\\s+and\\s+tell|reading\\s+(?:record|book|challenge|age)|"
        "spelling\\s+(?:bee|test)|sticker|team\\s+points?|playtime|"
        "parents\\s+(?:of|in)\\s+(?:year|yr|y|class|reception|nursery|"
        "[0-9]{1,2}[a-z]{1,2}\\b)|"
        "break\\s*time|at\\s+break|at\\s+lunch|wet\\s+play|classroom|school\\s+gates?|"
        "sack\\s+race|egg\\s+and\\s+spoon|story\\s*time|circle\\s+time|"
        "(?:tt\\s+)?rock\\s*stars?|netball|rounders|science\\s+(?:fair|"
        "week|projects?)|book\\s+week|world\\s+book\\s+day|nativity|"
        "school\\s+play|swimming\\s+gala|cross[\\s-]country)\\b", CI},
    [PC__P_ADULT_CTX] = {.re =
        "\\b(?:retire|retires|retiring|retirement|colleagues?|staff|"
        "teachers?|teaching\\s+assistant|governors?|trustees?|head\\s+of|"
        "headteacher(?!['’]?s?\\s+(?:award|certificate|sticker|star))|"
        "deputy|principal|years\\s+of\\s+service|wedding|"
        "married|engagement|engaged|maternity|promotion|new\\s+role|"
        "new\\s+job|joins?\\s+(?:the|our)\\s+team|ceo|manager|officer|"
        "volunteers?|members?|chapter\\s+(?:members?|president|leaders?|"
        "board)|committee|solicitor|lawyer|"
        "barrister|lecturer|professor|mooting|graduat\\w*|phd|llb|llm|"
        "dissertation|author|illustrator|visitor|speaker|guest|poet|coach|"
        "police|firefighter|nurse|doctor|dentist|vicar|mp|mayor|"
        "councillor|pta|caretaker|cook|chef|site\\s+team|lollipop|"
        "crossing\\s+patrol|chair\\s+of\\s+governors|office|admin|"
        "receptionist|bursar|business\\s+manager|lunchtime\\s+supervisor|"
        "midday\\s+supervisor|sister|brother|husband|wife|"
        "(?<!new\\s)(?<!little\\s)(?<!best\\s)friend|"
        "new\\s+job|driving\\s+test|nephew|niece|cousin|grandson|"
        "granddaughter|godson|goddaughter)\\b", CI},
    [PC__P_CN_NOT_CHILD] = {.re =
        "(?:\\b(?:reading|read|book|novel|story|author|film|character|play|"
        "musical|song|called|named|queen|king|prince|princess|saint|st|"
        "storm|hurricane|performed|watched|watching|dressed\\s+(?:up\\s+)?as|"
        "came\\s+as|costumes?|as\\s+(?:the\\s+)?character)\\s*[\"“‘]?\\s*\\z)"
        "|\\G(?:!|[\"”’]|['’]s\\s+(?:story|book|adventures?|journey|"
        "bakery|cafe|shop))"
        /* "Auggie and Jack are such great characters". */
        "|\\G(?:\\s+(?:and|&)\\s+\\w+)?\\s+(?:is|are|was|were)\\s+(?:such\\s+|"
        "really\\s+|so\\s+)?(?:an?\\s+)?(?:\\w+\\s+){0,2}(?:characters?|"
        "protagonists?|villains?|heroe?s?)\\b", CI},
    [PC__P_CN_ORG] = {.re =
        "\\G(?:\\s+(?:from|at)\\s+(?!(?:year|yr|reception|nursery|class|"
        "form|our|the|school)\\b)(?-i:[A-Z])[A-Za-z'’]+(?!\\s+class)|['’]s\\s+"
        "(?:bakery|cafe|café|shop|salon|garage|kitchen|restaurant))", CI},
    [PC__P_LIST_SEP] = {.re =
        "\\G(?:\\s*,\\s*(?:(?:and|&)\\s+)?|\\s+(?:and|&)\\s+)\\z", CI},
    [PC__P_SEC] = {.re =
        "\\bmy\\s+(?:very\\s+)?(?:first|childhood|1st)\\s+(?:pet|dog|cat|"
        "hamster|rabbit|bunny|guinea\\s+pig|goldfish|fish|pony|horse|"
        "budgie|puppy|kitten|tortoise|gerbil|parrot)(?:['’]s\\s+name)?\\s+"
        "(?:was|is)\\s+(?:(?:called|named)\\s+)?" ANSWER
        "|\\b(?:(?:my|our)\\s+(?:very\\s+)?|(?<!your\\s)(?<!their\\s)(?<!his\\s)"
        "(?<!her\\s))(?:first|childhood|1st)\\s+(?:pet|dog|"
        "cat|hamster|rabbit|bunny|guinea\\s+pig|goldfish|fish|pony|horse|"
        "budgie|puppy|kitten|tortoise|gerbil|parrot)\\s*[?:,-]?\\s*(?:(?:was|is)"
        "\\s+)?(?:(?:an?|the)\\s+)?(?:[a-z]+\\s+){0,2}?(?:called|named)\\s+(?-i:[A-Z])[\\w'’-]+"
        "|\\b(?:my|our)\\s+(?:very\\s+)?first\\s+(?:pet|dog|cat|hamster|rabbit|"
        "pony|horse|puppy|kitten)\\s*[,:–-]\\s*(?-i:[A-Z])[\\w'’-]+"
        "|\\b(?:my\\s+)?(?:mother|mum|mom|mam|mummy)['’]?s\\s+maiden\\s+"
        "name\\s*(?:is|was|=|:|\\?)\\s*" ANSWER
        "|\\b(?:I\\s+was|I['’]m|I\\s+am)\\s+born\\s+(?:and\\s+(?:raised|"
        "bred|brought\\s+up)\\s+)?in\\s+(?-i:[A-Z])[\\w'’-]+"
        "|\\bborn\\s+and\\s+(?:raised|bred|brought\\s+up)\\s+in\\s+"
        "(?-i:[A-Z])[\\w'’-]+"
        "|\\bmy\\s+(?:place\\s+of\\s+birth|birth\\s*place|home\\s*town)\\s+"
        "(?:is|was)\\s+" ANSWER
        "|\\bmy\\s+(?:favourite|favorite|fave|fav)\\s+(?:(?:football|footy|"
        "footie|soccer|rugby|baseball|basketball|hockey|sports?)\\s+)?"
        "(?:team|club)\\s+(?:is|was|has\\s+always\\s+been|will\\s+always\\s+"
        "be)\\s+" ANSWER
        "|\\bmy\\s+first\\s+(?:school|teacher|street|boss)\\s+(?:was|is)\\s+"
        "(?:(?:at|called|named)\\s+)?(?-i:[A-Z])[\\w'’-]+"
        "|\\bmy\\s+first\\s+car\\s+(?:was|is)\\s+(?:an?\\s+|the\\s+)?"
        "(?-i:[A-Z])[\\w'’-]+"
        "|\\b(?:I\\s+grew|growing)\\s+up\\s+(?:on|in)\\s+(?-i:[A-Z])[\\w'’-]+"
        "|(?:^|[\\n:;,•-])\\s*\\Kborn\\s+(?:and\\s+(?:raised|bred)\\s+)?in\\s+"
        "(?-i:[A-Z])[\\w'’-]+"
        "|\\bfirst\\s+(?:pet|dog|cat)(?:['’]s\\s+name)?\\s*(?:[:=-]|was|is|"
        "called|named)?\\s+(?-i:[A-Z])[\\w'’-]+"
        "|\\b(?:favourite|favorite|fave)\\s+(?:football\\s+)?(?:team|club)\\s*"
        "(?:[:=-]|is|was)?\\s+(?-i:[A-Z])[\\w'’-]+", CI,
        .need = pc__need_sec},
    [PC__P_PASSWORD] = {.re =
        "(?<![$@#\\w])((?:(?:wi-?fi|wireless|network|guest|admin|account|"
        "email|"
        "e-mail|portal|twitter|facebook|instagram|linkedin|mailchimp|"
        "login|log-in|school|staff)\\s+)?(?:p[a@4][s$5][s$5](?:w[o0]rd)?s?|"
        "passwd|pwd|pw|passcode|pass\\s+code|passphrase|log-?in|log\\s+in|"
        "username|user\\s*name|user\\s*id|user|(?:wi-?fi|network|router)\\s+"
        "(?:code|key)))(?|(?:\\s+for\\s+(?:the\\s+|our\\s+|my\\s+)?"
        "[\\w'-]+(?:\\s+[\\w'-]+){0,2}?)?\\s*(is\\s+now|is|was|=|:|->|"
        "changed\\s+to|will\\s+be|-(?=\\s))|()(?=\\s+\\S*[0-9!@#$%^&*_+=?]))"
        "\\s*"
        "[\"'“‘]?([^\\s\"'“”‘’]{2,64})", CI, .key = PC__KEY_PASSWORD},
    [PC__P_PIN] = {.re =
        "\\b(?:pin(?:\\s+(?:number|code|no\\.?))?|door\\s+code|entry\\s+code|"
        "access\\s+code|alarm\\s+code|key\\s*code|gate\\s+code|"
        "keypad\\s+code|safe\\s+code|lock\\s+code|combination|"
        "code(?=\\s+for\\s))"
        "(?:\\s+for\\s+(?:the\\s+|our\\s+|my\\s+)?[\\w'-]+"
        "(?:\\s+[\\w'-]+){0,2}?\\s*(?:is\\s+now|is|was|=|:|changed\\s+to)"
        "|\\s*(?:is\\s+now|is|was|=|:|-|changed\\s+to)?)\\s*[\"'“‘]?"
        "([0-9]{4,8})(?![0-9])", CI},
    [PC__P_CRED_PAIR] = {.re =
        "\\b(?:admin|login|log-in|logon|account|details|credentials|access|"
        "sign[\\s-]?in)\\b[^\\n]{0,30}?:\\s*[\\w.@-]{3,40}\\s*/\\s*(\\S{6,64})",
        CI},
    [PC__P_TOKEN_KNOWN] = {.re =
        "(?<!\\w)(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}(?!\\w)"
        "|(?<!\\w)gh[pousr]_[A-Za-z0-9]{36,255}"
        "|(?<!\\w)github_pat_[A-Za-z0-9_]{22,255}"
        "|(?<!\\w)xox[abprse]-[A-Za-z0-9-]{10,}"
        "|(?<!\\w)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"
        "|(?<!\\w)AIza[0-9A-Za-z_-]{35}"
        "|(?<![\\w-])sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"
        "|(?<!\\w)eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\."
        "[A-Za-z0-9_-]{8,}"
        "|-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----"
        "|(?<!\\w)glpat-[A-Za-z0-9_-]{20}"
        "|(?<![\\w-])[0-9a-f]{32}-us[0-9]{1,2}(?!\\w)"
        "|(?<!\\w)npm_[A-Za-z0-9]{36}"
        "|(?<!\\w)SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}"
        "|https://hooks\\.slack\\.com/services/[A-Za-z0-9/]+"},
    [PC__P_TOKEN_CTX] = {.re =
        "\\b(?:keys?|tokens?|secrets?|api|apikey|auth|bearer|credentials?|"
        "client[_\\s-]?id|password|pass|pwd)\\b", CI},
    [PC__P_TOKEN_GENERIC] = {.re =
        "(?<![\\w/.#@:%=?&+~-])[A-Za-z0-9_+/=-]{24,200}(?![\\w/+=-])"
        "(?!\\.[A-Za-z]{2,4}\\b)", .key = PC__KEY_TOKEN},
};
