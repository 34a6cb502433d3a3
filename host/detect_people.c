/* detect_people.c: children's names in a school's post, and answers to
 * common security questions (first pet, mother's maiden name, birthplace,
 * favourite team, first school or car).
 *
 * A child's name is a first name from the built-in first-names list,
 * capitalised, that:
 *  - follows "pupil", "Year 4", "Reception" ("our Year 6 pupil Jamie"), or
 *    is followed by a year group or class ("Oliver (Y6)", "Amelia in
 *    Year 4", "Jack, Year 2"): reported on its own; or
 *  - follows praise ("well done to", "congratulations", "star of the
 *    week") while the post speaks of school (year groups, class,
 *    assembly...) and not of adults (staff, retirement, governors...);
 *  - or is a child's whose parent is mentioned ("Lily Thompson's mum"),
 *    with the same school and adult checks;
 *  - or stands in a list ("Amelia, Jack and Noah") with one of those;
 *  - or stands alone, without a surname, in a post about school and not
 *    about adults: school posts name staff by title, so a bare first name
 *    there is most often a child's. Names that are also words ("Grace",
 *    "Ruby"), titles of books and shows ("reading Matilda", "Oliver!")
 *    and "<name> from <business>" are left out.
 * A name after a title (Mrs, Mr, Miss, Dr, Coach...) is an adult's and is
 * never reported. A capitalised word after the name is taken as its
 * surname unless it is a common word. */
#include <string.h>

#include "detect_int.h"

#define MAX_CANDIDATES 64

struct cand {
    size_t start, end;
    int flag;
};

static const char *const not_surnames[] = {
    "In", "From", "Year", "Yr", "Class", "And", "For", "On", "The", "Who",
    "Has", "Is", "Was", "Reception", "Nursery", "Well", "Thank", "Thanks",
    "You", "We", "Our", "Today", "This", "Congratulations", "Star", "Of",
    "At", "To", "With", "Did", "Made", "Won", "Scored", "Got", "Have",
    "Had", "Will", "Can", "Both", "All", "It", "They", "She", "He", "But",
    "So", "What", "On", "Your", "Happy", "Birthday", "Great", "Such",
    "Pupil", "Student", "Head", "Headteacher", "Award", "Keep", NULL
};

/* Names that are also English words ("Grace and courtesy"): alone they
 * need more than a school context to count as a child's name. */
static const char *const word_names[] = {
    "Grace", "Hope", "Rose", "Ivy", "Holly", "Poppy", "Daisy", "Ruby",
    "Amber", "Violet", "Willow", "Angel", "Max", "Faith", "Joy", "Eden",
    "Nova", "Luna", "Stella", "Bonnie", "Sonny", "Piper", "Harper",
    "Taylor", "Blake", "Carter", "Hudson", "Mason", "Hunter", "Rory",
    "Frankie", "Teddy", "Reggie", "Archie", "Sage", "Robin", "Jasper",
    "Iris", "Jade", "Wren", "Jordan", "Shannon", "Mabel", NULL
};

static int word_in(const char *s, size_t n, const char *const *list)
{
    size_t i;

    for (i = 0; list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
            return 1;
    return 0;
}

/* The end of a surname after the name ending at e, or e if none. */
static size_t surname_end(const char *s, size_t len, size_t e)
{
    size_t w = e + 1, k;

    if (e + 2 >= len || s[e] != ' ' || s[w] < 'A' || s[w] > 'Z')
        return e;
    k = w + 1;
    while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || s[k] == '-' ||
                       s[k] == '\''))
        k++;
    if (k - w < 2 || (k < len && ((s[k] >= 'A' && s[k] <= 'Z') ||
                                  (s[k] >= '0' && s[k] <= '9'))))
        return e;
    if (k - w > 3 && s[k - 2] == '\'' && s[k - 1] == 's')
        k -= 2; /* the possessive: "Lily Thompson's mum" */
    if (word_in(s + w, k - w, not_surnames))
        return e;
    return k;
}

static size_t back(size_t pos, size_t n)
{
    return pos > n ? pos - n : 0;
}

/* Decides whether the candidate is a child's name on its own merits. */
static int judge(pc__scan *sc, const struct cand *c)
{
    size_t s = c->start;

    if (pc__find(sc, PC__P_CN_STRONG_BEFORE, back(s, 40), s))
        return 1;
    if (pc__find(sc, PC__P_CN_STRONG_AFTER, c->end, c->end + 80))
        return 1;
    if (!pc__near(sc, PC__P_SCHOOL_CTX, c->start, c->end, 160, 160) ||
        pc__near(sc, PC__P_ADULT_CTX, c->start, c->end, 80, 80) ||
        pc__find(sc, PC__P_CN_ORG, c->end, c->end + 40))
        return 0;
    if (pc__find(sc, PC__P_CN_PRAISE, back(s, 60), s) ||
        pc__find(sc, PC__P_CN_PARENT, c->end, c->end + 60))
        return 1;
    /* A lone first name, no surname, in a post about school: school
     * posts name staff by title ("Mrs Patel"), so a bare first name is
     * most often a child's. */
    return surname_end(sc->s, sc->len, c->end) == c->end &&
           !word_in(sc->s + s, c->end - s, word_names) &&
           !pc__find(sc, PC__P_CN_NOT_CHILD, back(s, 30), s) &&
           !pc__find(sc, PC__P_CN_NOT_CHILD, c->end, c->end + 30);
}

/* A first name, or a double-barrelled one whose first part is
 * ("Ruby-Mae", "Maisie-Leigh"). */
static int first_name(const pc__scan *sc, size_t ms, size_t me)
{
    const char *dash = memchr(sc->s + ms, '-', me - ms);

    if (pc__is_first_name(sc->d, sc->s + ms, me - ms))
        return 1;
    return dash && pc__is_first_name(sc->d, sc->s + ms,
                                     (size_t)(dash - (sc->s + ms)));
}

/* Collects up to MAX_CANDIDATES first names from *pos on. */
static size_t collect(pc__scan *sc, struct cand *v, size_t *pos)
{
    size_t ms, me, n = 0;

    while (n < MAX_CANDIDATES && pc__next(sc, PC__P_NAME, pos, &ms, &me)) {
        if (!first_name(sc, ms, me))
            continue;
        if (pc__find(sc, PC__P_TITLE_BEFORE, back(ms, 20), ms))
            continue;
        v[n].start = ms;
        v[n].end = me;
        v[n].flag = 0;
        n++;
    }
    return n;
}

/* Spreads a flag along lists of names: "Amelia, Jack and Noah (Y4)". */
static void spread(pc__scan *sc, struct cand *v, size_t n)
{
    size_t i;
    int pass;

    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i + 1 < n; i++) {
            size_t e = surname_end(sc->s, sc->len, v[i].end);

            if (v[i].flag == v[i + 1].flag)
                continue;
            if (pc__find(sc, PC__P_LIST_SEP, e, v[i + 1].start) ||
                pc__find(sc, PC__P_LIST_SEP, v[i].end, v[i + 1].start))
                v[i].flag = v[i + 1].flag = 1;
        }
    }
}

/* Judges and reports one batch of candidates. */
static void batch(pc__scan *sc, struct cand *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        v[i].flag = judge(sc, &v[i]);
    spread(sc, v, n);
    for (i = 0; i < n; i++) {
        size_t e = surname_end(sc->s, sc->len, v[i].end);

        /* A surname that is itself the next listed name stays apart. */
        if (i + 1 < n && v[i + 1].start < e)
            e = v[i].end;
        if (v[i].flag)
            pc__hit(sc, v[i].start, e, "child-name", "a child's name");
    }
}

static int ascii_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static int ascii_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* 1 if some capitalised word of the post is a first name (first_name),
 * which every candidate is. A match of PC__P_NAME is a capital and the
 * whole run of lower case letters after it (its lookahead refuses a
 * letter after it, so [a-z]+ cannot stop short), with "-", a capital
 * and its whole run after that when they stand there ("Ruby-Mae": once
 * taken, the pattern cannot leave them, as its lookahead refuses '-').
 * The runs read here, from every capital on (the pattern's lookbehind
 * is not asked), include every match, so a post none of whose runs is a
 * first name has no candidate, and the pattern, which PCRE2 would run
 * once a capitalised word, is not run. Only a cost: the same hits. The
 * capitals are found from the scan's bits (pc__next_capital). */
static int any_first_name(pc__scan *sc)
{
    const char *s = sc->s;
    size_t len = sc->len, i = pc__next_capital_fast(sc, 0, len);

    while (i + 1 < len) {
        size_t e, end;
        if (!ascii_lower(s[i + 1])) {
            i = pc__next_capital_fast(sc, i + 1, len);
            continue;
        }
        for (e = i + 2; e < len && ascii_lower(s[e]); e++)
            ;
        end = e;
        if (e + 2 < len && s[e] == '-' && ascii_upper(s[e + 1]) &&
            ascii_lower(s[e + 2])) {
            for (end = e + 3; end < len && ascii_lower(s[end]); end++)
                ;
        }
        /* As first_name() asks them: the run has no '-', so the part
         * before the first is the run itself when a part follows. */
        if (pc__is_first_name(sc->d, s + i, end - i) ||
            (end > e && pc__is_first_name(sc->d, s + i, e - i)))
            return 1;
        /* The next capital may follow the run ("McKay"). */
        i = pc__next_capital_fast(sc, e, len);
    }
    return 0;
}

void pc__det_child_name(pc__scan *sc)
{
    struct cand v[MAX_CANDIDATES];
    size_t pos = 0, n;

    if (!any_first_name(sc))
        return;
    /* In batches, so a long post is read to its end in fixed memory. */
    do {
        n = collect(sc, v, &pos);
        batch(sc, v, n);
    } while (n == MAX_CANDIDATES && sc->st == PC_OK);
}

void pc__det_security(pc__scan *sc)
{
    size_t pos = 0, ms, me;

    while (pc__next(sc, PC__P_SEC, &pos, &ms, &me))
        pc__hit(sc, ms, me, "security-answer",
                "an answer to a common security question");
}
