/* rules_model.c: a pack's `model` rule run over one check. The post is cut
 * into units (judge.h: the whole post, then each sentence), scored by
 * every model once for all the pack's model rules. When the
 * rule's trained model scores any unit at or over the rule's threshold,
 * one finding is made, spanning the sentence the model scores highest
 * (the whole post when it is one sentence), so the finding quotes what it
 * judged. The models are fitted on whole posts and on the sentences of
 * posts that break nothing, so one hostile sentence in a long, otherwise
 * friendly post is not diluted by the rest.
 *
 * One category a sentence: when an organisation model's rule (disparaging,
 * criticism) and the pack's harassment model rule both judge the sentence
 * one of them would quote, the rule whose model scores it higher makes
 * the finding (a tie is harassment's). A sentence the harassment model is
 * surer of is a put-down of people (an insult, a slur, a threat,
 * bullying), which the harassment and bullying clause is about; one the
 * organisation model is surer of is a put-down of the organisation (by
 * description, metaphor or sarcasm), which its clause is about. The other
 * model's score of that one sentence is looked up here, so the order of
 * the pack's rules does not matter.
 *
 * Reported words: the harassment model's rule stays quiet on a post that
 * quotes the words that flag it and says who said them (rules_quote.c).
 *
 * Fair criticism: a rule naming a model of fair criticism (`fair_model`)
 * stays quiet on a quoted sentence, or a post as a whole, that its own
 * model scores under `fair_ratio` times that model's score
 * (fair_criticism below): ALT's and ALA's disparaging rules, whose
 * policies allow a plain objection to one decision, name the criticism
 * model.
 *
 * A floor on the whole post (`post_floor`): a rule with one stays quiet
 * on a post whose whole (unit 0) its model scores under it, whichever
 * sentence reaches the threshold: a warm post with one sharp line runs
 * nothing down as a whole (ALT's and ALA's disparaging rules, 0.1). */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "model_int.h"
#include "rules_int.h"

static void emit_unit(pc__ctx *c, const pc__rule *r, const pc_unit *u)
{
    size_t a, b;

    pc_text_span(c->text, PC_VIEW_FOLD, u->start, u->end, &a, &b);
    if (b > a) {
        pc__emit(c, r, (long)a, (long)b, -1, NULL, r->model);
    }
}

/* The post as a check's model rules judge it, cut and scored once for
 * all of them: its units (spans; their features are kept only where
 * they are scored after), the models they are scored by and each
 * unit's score by each. */
struct pc__judged {
    pc_units units;
    const pc_model **model; /* n_models, owned array of model_cap */
    size_t n_models, model_cap;
    double *score; /* unit i, model k: score[i * n_models + k]; owned,
                    * of score_cap */
    size_t score_cap;
};

/* The judged of the last check, emptied, kept with its arrays' room for
 * the next (the host is single-threaded): a check of a post cut into no
 * more units than the last allocates none. */
static struct pc__judged *spare;

/* Adds model m (a rule's, taken at prepare) to jd->model unless it is
 * there; 0 when m is NULL (the pack is not prepared). */
static int add_model(struct pc__judged *jd, const pc_model *m)
{
    size_t k = 0;

    while (m && k < jd->n_models && jd->model[k] != m) {
        k++;
    }
    if (m && k == jd->n_models) {
        jd->model[jd->n_models++] = m;
    }
    return m != NULL;
}

/* Fills jd->model with the distinct models of the pack's model rules
 * (every rule's, whatever account it applies to, and the models of fair
 * criticism they name), room made for them and for any merged set's
 * (judge). Returns PC_OK, PC_ERR_INTERNAL (a model not parsed: the pack
 * is not prepared) or PC_ERR_NOMEM. */
static pc_status pack_models(const pc__ctx *c, struct pc__judged *jd)
{
    const pc_pack *p = c->pack;
    size_t want = 2 * p->n_rules > PC__MERGED_MAX ? 2 * p->n_rules
                                                  : PC__MERGED_MAX;

    if (want > jd->model_cap) {
        const pc_model **v = realloc(jd->model, want * sizeof *v);
        if (!v) {
            return PC_ERR_NOMEM;
        }
        jd->model = v;
        jd->model_cap = want;
    }
    jd->n_models = 0;
    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *r = &p->rules[i];
        if (r->kind == PC_RULE_MODEL &&
            (!add_model(jd, r->model_m) ||
             (r->fair_model && !add_model(jd, r->fair_m)))) {
            return PC_ERR_INTERNAL;
        }
    }
    return PC_OK;
}

/* The set of mg's models that scores exactly the models of jd (the
 * pack's, pack_models), mg's part of them (model_int.h), when it gives
 * pc_model_score's scores (model_int.h); NULL when mg lacks one of them
 * or its sums are not exact. */
static const struct pc__merged *pack_set(const struct pc__judged *jd,
                                         const struct pc__merged *mg)
{
    unsigned cols = 0;

    for (size_t k = 0; mg && k < jd->n_models; k++) {
        size_t j = 0;
        while (j < mg->n && mg->model[j] != jd->model[k]) {
            j++;
        }
        if (j == mg->n) {
            return NULL;
        }
        cols |= 1u << j;
    }
    mg = mg ? pc__merged_part(mg, cols) : NULL;
    return mg && mg->exact ? mg : NULL;
}

/* The units of pc_judge_units (which runs the hostile detector over the
 * judged prefix), scored by each of the pack's models (pack_models)
 * from their features, kept. */
static pc_status judge_kept(pc__ctx *c, const pc_detectors *det,
                            struct pc__judged *jd)
{
    pc_units *u = &jd->units;
    pc_status st = pc_judge_units(det, c->text, u);

    if (st != PC_OK) {
        return st;
    }
    free(jd->score);
    jd->score = calloc(u->n * jd->n_models + 1, sizeof *jd->score);
    jd->score_cap = jd->score ? u->n * jd->n_models + 1 : 0;
    if (!jd->score) {
        return PC_ERR_NOMEM;
    }
    for (size_t i = 0; i < u->n; i++) {
        for (size_t k = 0; k < jd->n_models; k++) {
            jd->score[i * jd->n_models + k] =
                pc_model_score(jd->model[k], &u->v[i].f);
        }
    }
    return PC_OK;
}

/* The post's units and their scores: with the hostile detector's hits
 * over the judged prefix from the check's cache (rules_cache.c: the
 * detector rules of most packs run it too, and one scan serves both
 * when the post is longer than the prefix), scored by the pack's own
 * models of the detectors' merged set (pack_set: not every model the
 * detectors took), as the features are found (pc__judge_score), where
 * the merging gives pc_model_score's scores (model_int.h); otherwise
 * judge_kept. */
static pc_status judge(pc__ctx *c, const pc_detectors *det,
                       struct pc__judged *jd)
{
    const struct pc__merged *mg;
    pc_hits hits = {0};
    pc_status st = pack_models(c, jd);

    if (st != PC_OK) {
        return st;
    }
    mg = pack_set(jd, pc__judge_merged(det));
    if (!pc__check_cache_enabled() || !mg) {
        return judge_kept(c, det, jd);
    }
    /* The scores come in the order of mg's models (PC__MERGED_MAX at
     * most: pack_models made room). */
    jd->n_models = mg->n;
    memcpy(jd->model, mg->model, mg->n * sizeof *jd->model);
    /* As pc_judge_units: only running out of memory fails the judging
     * (the hostile scan runs no pattern, so meets no limit). */
    st = pc__judged_hostile(c, &hits);
    if (st != PC_ERR_NOMEM) {
        st = pc__judge_score(c->text, &hits, mg, &jd->units, &jd->score,
                             &jd->score_cap);
    }
    pc_hits_free(&hits);
    return st;
}

/* The post judged, once per check: every model rule of the pack judges
 * the same units. Returns NULL with c->status set on failure. */
static const struct pc__judged *judged_of(pc__ctx *c,
                                          const pc_detectors *det)
{
    pc_status st;

    if (c->judged) {
        return c->judged;
    }
    c->judged = spare ? spare : calloc(1, sizeof *c->judged);
    spare = NULL;
    st = c->judged ? judge(c, det, c->judged) : PC_ERR_NOMEM;
    if (st != PC_OK) {
        pc__rule_model_done(c);
        c->status = st;
    }
    return c->judged;
}

/* The score of unit i by model m, which is one of jd's: every model a
 * pack's rule names is (pack_models; the merged models are all those
 * the detectors parsed, pack_prepare.c). */
static double score_of(const struct pc__judged *jd, size_t i,
                       const pc_model *m)
{
    size_t k = 0;

    while (k + 1 < jd->n_models && jd->model[k] != m) {
        k++;
    }
    assert(jd->model[k] == m);
    return jd->score[i * jd->n_models + k];
}

const pc_units *pc__rule_model_units(const pc__ctx *c)
{
    return c->judged ? &c->judged->units : NULL;
}

void pc__rule_model_done(pc__ctx *c)
{
    struct pc__judged *jd = c->judged;

    c->judged = NULL;
    if (jd && !spare) {
        /* Kept for the next check: the units' features freed (a check's
         * keep none, but judge_kept's do), their room kept. */
        pc__units_empty(&jd->units);
        jd->n_models = 0;
        spare = jd;
    } else if (jd) {
        pc_units_free(&jd->units);
        free(jd->model);
        free(jd->score);
        free(jd);
    }
}

/* The pack's model rule of the other kind than r (its harassment model
 * rule for an organisation model's rule, and the other way round) for
 * this check's account, or NULL. A rule asking for a mention of the
 * organisation counts only when r asks for it too (r runs only when the
 * post mentions it). */
static const pc__rule *other_rule(const pc__ctx *c, const pc__rule *r)
{
    const pc_pack *p = c->pack;

    for (size_t i = 0; i < p->n_rules; i++) {
        const pc__rule *h = &p->rules[i];
        if (h->kind == PC_RULE_MODEL && !h->harassment != !r->harassment &&
            (h->applies & (unsigned)c->post->account) &&
            (!h->when_mentioned || r->when_mentioned)) {
            return h;
        }
    }
    return NULL;
}

/* One category a sentence: 1 if the pack's rule of the other kind (the
 * harassment model's rule for an organisation model's, and the other way
 * round) takes unit i, r's quoted sentence. The model surer of the
 * sentence takes it: an organisation model's rule leaves to the
 * harassment rule a sentence the harassment model judges harassing and
 * scores at least as high; the harassment rule leaves to the
 * organisation model's rule one that model scores higher (a put-down of
 * the organisation by description, metaphor or sarcasm, which the
 * policies' clause on running it down is about). */
static int left_to_other(pc__ctx *c, const pc__rule *r,
                         const struct pc__judged *jd, size_t i)
{
    const pc__rule *o = other_rule(c, r);
    double mine, theirs;

    if (!o || !o->model_m) {
        return 0;
    }
    mine = score_of(jd, i, r->model_m);
    theirs = score_of(jd, i, o->model_m);
    return r->harassment ? theirs > mine
                         : theirs >= o->threshold && theirs >= mine;
}

/* 1 if r is the harassment model's rule of a pack that has a rule on
 * running the organisation down (other_rule: the organisation model's)
 * and unit u, which r's model flags, is aimed at the organisation or its
 * body and at no person and no protected group (rules_aim.c): "The board
 * should be sacked" is no harassment but a put-down of the organisation,
 * which the other rule and the pack's pattern rules judge on their own.
 * The harassment model does not know whom a sentence is aimed at. Only u
 * is read, never the post's other sentences: each sentence's breach is
 * shown (session 28's one category a post hid one); but a sentence aimed
 * at no one is read in its post (whole): where the whole post aims at the
 * organisation or its body alone, no sentence of it names a person or a
 * group the sentence could harass ("The trust has cut the late bus
 * again. Those of us on the far side of town are left stranded"). A pack
 * without such a rule (the Society's policy has no clause on it) keeps
 * the finding. */
static int aimed_at_org(pc__ctx *c, const pc__rule *r, const pc_unit *u,
                        const pc_unit *whole)
{
    unsigned aim;

    if (!r->harassment || !other_rule(c, r)) {
        return 0;
    }
    aim = pc__rule_aim(c, u);
    return aim == PC_AIM_ORG ||
           (aim == 0 && u != whole && pc__rule_aim(c, whole) == PC_AIM_ORG);
}

/* 1 if r names a model of fair criticism (fair_model) and its own model
 * m scores unit i, or the whole post (unit 0), under fair_ratio times
 * that model's score of it. A criticism model is taught put-downs and
 * fair criticism alike as positives, a disparaging model fair criticism
 * as a negative: where the first is far surer of a sentence than the
 * second, the sentence criticises one decision without running the
 * organisation down, which the policies of the disparaging model's packs
 * allow. */
static int fair_criticism(const pc__rule *r, const struct pc__judged *jd,
                          size_t i, const pc_model *m)
{
    const pc_model *fm = r->fair_m;

    if (!fm) {
        return 0;
    }
    /* The quoted sentence and the whole post must both read as a
     * put-down: a sentence whose post as a whole objects to one decision
     * with its reasons (the other sentences) is fair criticism too. */
    return score_of(jd, i, m) < r->fair_ratio * score_of(jd, i, fm) ||
           score_of(jd, 0, m) < r->fair_ratio * score_of(jd, 0, fm);
}

/* 1 if unit u of the check's folded view is plain praise
 * (model_refer.c). */
static int plain_praise(pc__ctx *c, const pc_unit *u)
{
    size_t len;
    const char *s = pc_text_view(c->text, PC_VIEW_FOLD, &len);

    return pc__model_plain_praise(s, u->start, u->end < len ? u->end : len);
}

/* 1 unless r is an organisation model's rule and the quoted unit u does
 * not refer to the organisation, its people, its events or its work
 * (model_refer.c): what those policies forbid is running the
 * organisation down, not being cross about a printer or the DfE. A
 * sentence of plain praise runs nothing down, unless the post turns it:
 * u is plain praise and the post as a whole (whole) is not, mock praise
 * ("LLMAT's new vision statement is lovely. Not a word of it has
 * anything to do with the schools."), which the labelling decisions call
 * a put-down by sarcasm. *praise_turned is set to 1 when the post turns
 * u's praise (the finding then quotes the whole post, where the put-down
 * is), else 0: plain_praise is read once for u and once for the whole. */
static int refers(pc__ctx *c, const pc__rule *r, const pc_unit *whole,
                  const pc_unit *u, int *praise_turned)
{
    size_t len, end;
    const char *s;

    *praise_turned = 0;
    if (r->harassment) {
        return 1;
    }
    if (plain_praise(c, u)) {
        *praise_turned = u != whole && !plain_praise(c, whole);
        if (!*praise_turned) {
            return 0;
        }
    }
    s = pc_text_view(c->text, PC_VIEW_FOLD, &len);
    end = u->end < len ? u->end : len;
    if (pc__model_refers(c->pack, s, u->start, end)) {
        return 1;
    }
    /* A sentence that names nobody may still run the organisation down
     * when the post is about it ("Now it's something to get through."),
     * unless it is about a body outside it. */
    return !pc__model_outside(s, u->start, end) &&
           pc__model_refers(c->pack, s, whole->start,
                            whole->end < len ? whole->end : len);
}

/* 1 if r is the harassment model's rule and the post only reports the
 * words that flag it: it quotes them, says who said them, and scores
 * under the threshold without them (rules_quote.c). A post reporting or
 * condemning abuse does not harass. */
static int reported(pc__ctx *c, const pc_detectors *det, const pc__rule *r)
{
    size_t len;
    const char *s;

    if (!r->harassment) {
        return 0;
    }
    s = pc_text_original(c->text, &len);
    return pc__rule_reported(det, r->model_m, r->threshold, s, len);
}

/* 1 if r is the harassment model's rule and the post only defends
 * people: it states the norm against mistreating someone for who they
 * are or condemns abuse, and scores under the threshold without those
 * words (rules_defend.c). */
static int defended(pc__ctx *c, const pc_detectors *det, const pc__rule *r)
{
    size_t len;
    const char *s;

    if (!r->harassment) {
        return 0;
    }
    s = pc_text_original(c->text, &len);
    return pc__rule_defended(det, r->model_m, r->threshold, s, len);
}

/* The first unit of units (a sentence, or the whole post when it is
 * one) that holds a disguised insult (rules_evade.c), or units->n. */
static size_t evaded(pc__ctx *c, const pc__rule *r, const pc_units *units)
{
    for (size_t i = units->n > 1 ? 1 : 0; i < units->n; i++) {
        if (pc__rule_evaded(c, r, &units->v[i])) {
            return i;
        }
    }
    return units->n;
}

void pc__rule_model(pc__ctx *c, const pc__rule *r)
{
    const pc_detectors *det = c->pack->detectors;
    const pc_model *m = det ? r->model_m : NULL;
    const struct pc__judged *jd = m ? judged_of(c, det) : NULL;
    const pc_units *units;
    size_t best = 0;
    double best_score = -1.0, quote_score = -1.0;
    int praise_turned = 0;

    if (!m) {
        c->status = PC_ERR_INTERNAL;
        return;
    }
    if (!jd) {
        return;
    }
    /* The highest-scoring unit decides; the quote is the best sentence
     * (or the whole post when it has one sentence). */
    units = &jd->units;
    for (size_t i = 0; i < units->n; i++) {
        double s = score_of(jd, i, m);
        best_score = s > best_score ? s : best_score;
        if (i > 0 && s > quote_score) {
            best = i;
            quote_score = s;
        }
    }
    /* When the whole post reaches the threshold but none of its
     * sentences does on its own, the judgement is the whole post's:
     * quote it, not a sentence that says nothing wrong by itself. */
    if (best_score >= r->threshold &&
        score_of(jd, 0, m) >= r->post_floor &&
        !left_to_other(c, r, jd, best) &&
        !fair_criticism(r, jd, best, m) &&
        refers(c, r, &units->v[0], &units->v[best], &praise_turned) &&
        !reported(c, det, r) && !(r->harassment && pc__rule_at_thing(c)) &&
        !defended(c, det, r)) {
        int quote_best = quote_score >= r->threshold && !praise_turned;
        const pc_unit *q = &units->v[quote_best ? best : 0];
        if (!aimed_at_org(c, r, q, &units->v[0]) &&
            !(r->harassment && pc__rule_at_outside(c, &units->v[0]))) {
            emit_unit(c, r, q);
        }
    } else if (r->harassment && best_score < r->threshold) {
        /* A disguised insult the model does not reach. */
        size_t e = evaded(c, r, units);
        if (e < units->n && !reported(c, det, r) && !pc__rule_at_thing(c)) {
            emit_unit(c, r, &units->v[e]);
        }
    }
}
