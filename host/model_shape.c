/* model_shape.c: two families of the models' features (model_feat.h),
 * each over the words of one unit (model.h): the organisation features
 * (what is said in the same breath as the trust or the board, and words
 * of negative evaluation) and the shape features (what is said of whom,
 * whatever the group or person or verb of harm). Moved from model_feat.c
 * unchanged. Nothing here keeps or logs the text. */
#include <string.h>

#include "model_feat.h"
#include "model_lists.h"

/* The organisation features: when a word of the unit refers to an
 * organisation, every word of the unit crossed with that ("o" + word:
 * what is said in the same breath as the trust or the board), and
 * "org-negative" when a word of negative evaluation is among them;
 * "negative" for such a word whatever it is said of. */
void pc__feat_org(struct pc__feat_set *f, const struct words *ws)
{
    int org = 0, neg = 0;
    uint32_t ho = pc__feat_hash(PC__FEAT_BASIS, "o", 1);
    uint32_t hx = pc__feat_hash(PC__FEAT_BASIS, "x", 1);

    for (size_t i = 0; i < ws->n && !org; i++) {
        org = ws->v[i].tag == 'O';
    }
    for (size_t i = 0; i < ws->n; i++) {
        const struct word *w = &ws->v[i];
        if (org) {
            pc__feat_push(f, pc__feat_hash(ho, w->w, w->len));
        }
        if (!neg && (w->lists >> PC_LIST_NEG & 1)) {
            neg = 1;
        }
    }
    if (neg) {
        pc__feat_push(f, pc__feat_hash(hx, "negative", 8));
    }
    if (neg && org) {
        pc__feat_push(f, pc__feat_hash(hx, "org-negative", 12));
    }
}

/* The word's class as the shape features see it: the organisation is
 * the organisation features' (pc__feat_org), not theirs (as a class here it
 * cost the organisation models a few put-downs on the development sets). */
static char shape_tag(const struct word *w)
{
    return w->tag == 'O' ? 0 : w->tag;
}

/* Whether a class is a target: who a remark is about. */
static int is_target(char t)
{
    return t == 'G' || t == 'Y' || t == 'T' || t == '@';
}

/* Hashes on word w as the shape features see it: its class ("#G"), or
 * the word itself when it has none. Words never hold '#'. */
static uint32_t tok(uint32_t h, const struct word *w)
{
    char t = shape_tag(w);

    if (t) {
        char b[2] = {'#', t};
        return pc__feat_hash(h, b, 2);
    }
    return pc__feat_hash(h, w->w, w->len);
}

/* Pushes a threat's form if the word at v[i] is what a threat's verb
 * follows and a verb of harm comes within three words: "x" + "threat"
 * ("threat!" when a negation comes within two words before or between),
 * and "x" + "threat>" + the class of each target within three words
 * after the verb ("threat>G"). */
static void threat(struct pc__feat_set *f, const struct word *v, size_t n,
                   size_t i)
{
    uint32_t hx = pc__feat_hash(PC__FEAT_BASIS, "x", 1);
    int neg = (i >= 1 && v[i - 1].tag == 'N') ||
              (i >= 2 && v[i - 2].tag == 'N');

    for (size_t j = i + 1; j < n && j <= i + 3; j++) {
        if (v[j].tag == 'H') {
            char b[9] = "threat";
            size_t bl = 6;
            if (neg) {
                b[bl++] = '!';
            }
            pc__feat_push(f, pc__feat_hash(hx, b, bl));
            b[bl] = '>';
            for (size_t k = j + 1; k < n && k <= j + 3; k++) {
                if (is_target(shape_tag(&v[k]))) {
                    b[bl + 1] = v[k].tag;
                    pc__feat_push(f, pc__feat_hash(hx, b, bl + 2));
                }
            }
            return;
        }
        neg |= v[j].tag == 'N';
    }
}

/* The shape features: what is said of whom, whatever the group or person
 * or verb of harm:
 * - the word pairs and triples with a classed word in them, the class
 *   standing for the word ("s" + "#G are too", "s" + "ill #H #Y");
 * - a threat's form (threat above);
 * - each class the unit holds ("u" + "I": an insult) and each pair of
 *   them ("u" + "GD": a group and a dehumanising noun; "u" + "GR": a
 *   group and a reporting verb). */
/* Pushes the pair and the triple of the shape features that start at
 * v[i] (of n words), if a classed word is in them. */
static void windows_at(struct pc__feat_set *f, const struct word *v,
                       size_t n, size_t i)
{
    uint32_t hs = pc__feat_hash(PC__FEAT_BASIS, "s", 1), h;
    char t0 = shape_tag(&v[i]);
    char t1 = i + 1 < n ? shape_tag(&v[i + 1]) : 0;
    char t2 = i + 2 < n ? shape_tag(&v[i + 2]) : 0;

    if (!(t0 || t1 || t2) || i + 1 >= n) {
        return;
    }
    /* The pair's and the triple's hash go on from "s" + the word and a
     * space. */
    h = pc__feat_hash(tok(hs, &v[i]), " ", 1);
    if (t0 || t1) {
        pc__feat_push(f, tok(h, &v[i + 1]));
    }
    if (i + 2 < n) {
        uint32_t h1 = pc__feat_hash(tok(h, &v[i + 1]), " ", 1);
        pc__feat_push(f, tok(h1, &v[i + 2]));
    }
}

void pc__feat_shape(struct pc__feat_set *f, const struct words *ws)
{
    static const char tags[] = "@GYTHDNRWI";
    const struct word *v = ws->v;
    size_t n = ws->n, done = 0;
    unsigned has = 0;

    /* Only a window with a classed word in it gives a pair or a triple:
     * those that start up to two words before each classed word, each
     * taken once (done: the windows before it are taken), where a walk
     * of every window read three words' classes at each. */
    for (size_t c = 0; c < n; c++) {
        char t = shape_tag(&v[c]);
        if (!t) {
            continue;
        }
        has |= 1u << (strchr(tags, t) - tags);
        for (size_t i = c >= done + 2 ? c - 2 : done; i <= c; i++) {
            windows_at(f, v, n, i);
        }
        done = c + 1;
        if (t == 'W') {
            threat(f, v, n, c);
        }
    }
    for (unsigned a = 0; has && a < sizeof tags - 1; a++) {
        if (has >> a & 1) {
            char u[2] = {'u', tags[a]};
            pc__feat_push(f, pc__feat_hash(PC__FEAT_BASIS, u, 2));
        }
    }
    for (unsigned a = 0; has && a < sizeof tags - 1; a++) {
        for (unsigned b = a + 1; (has >> a & 1) && b < sizeof tags - 1; b++) {
            if (has >> b & 1) {
                char u[3] = {'u', tags[a], tags[b]};
                pc__feat_push(f, pc__feat_hash(PC__FEAT_BASIS, u, 3));
            }
        }
    }
}

