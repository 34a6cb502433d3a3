/* detect_id.c: identity document numbers: passport and driving-licence
 * numbers where a label says what they are ("Passport no: 123456789",
 * "driving licence: D1234567"), and UK driving licence numbers, whose
 * shape (surname, birth date, initials, check digits) is their own.
 *
 * Decisions: without a label a passport number is eight or nine letters
 * and digits, the shape of a booking reference or a voucher code, so it
 * is not reported; the label must come right before the number. */
#include "detect_int.h"

static const char *const id_label = "a passport or driving licence number";

/* Returns 1 if s[a, b) has two digits or more ("Passport: renewed" and
 * "DL: see below" are words, not numbers). */
static int id_shaped(const char *s, size_t a, size_t b)
{
    size_t digits = 0, i;

    for (i = a; i < b; i++)
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
    return digits >= 2;
}

void pc__det_id_document(pc__scan *sc)
{
    size_t pos = 0, ms, me, gs, ge;

    while (pc__next(sc, PC__P_ID_LABELLED, &pos, &ms, &me)) {
        pc__group(sc, 1, &gs, &ge);
        if (id_shaped(sc->s, gs, ge))
            pc__hit(sc, gs, ge, "id-document", id_label);
    }
    pos = 0;
    while (pc__next(sc, PC__P_UK_LICENCE, &pos, &ms, &me)) {
        size_t i;
        int dup = 0;

        for (i = 0; i < sc->out->n; i++)
            if (sc->out->v[i].start < me && sc->out->v[i].end > ms)
                dup = 1;
        if (!dup)
            pc__hit(sc, ms, me, "id-document", id_label);
    }
}
