/* test_model_category.c: one category a sentence. When an organisation
 * model's rule (disparaging, criticism) and the pack's harassment model
 * rule both judge one sentence, only the rule whose model scores it
 * higher makes a finding (rules_model.c; a tie is harassment's): a
 * put-down of the organisation by description is the organisation
 * rule's, an insult at a person the harassment rule's. When the
 * harassment model does not judge it so, the organisation rule's finding
 * stands. The thresholds here are set so that a rule's model judges every
 * sentence (0.000001) or none (0.999999), so the tests do not depend on
 * what the models were retrained on beyond which of two scores a plain
 * case higher; the order of the pack's rules does not matter. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "postcheck/pack.h"
#include "postcheck/rules.h"
#include "support_check.h"
#include "support_pack.h"

static const char sentence[] =
    "Honestly the association is a glorified dinner club run by vendors.";
static const char insult[] = "Our treasurer is a useless idiot and a liar.";

/* One model rule of pack `mc`, as JSON: id, category, model, threshold. */
static void model_rule(char *out, size_t cap, const char *id,
                       const char *category, const char *model,
                       const char *threshold)
{
    snprintf(out, cap,
             "{\"id\":\"mc.%s\",\"kind\":\"model\",\"category\":\"%s\","
             "\"severity\":\"warning\",\"applies_to\":[\"official\"],"
             "\"clause\":\"c\",\"quote\":\"q\",\"message\":\"%s {match}\","
             "\"model\":\"%s\",\"threshold\":%s,\"examples\":{"
             "\"flag\":[\"a one\",\"a two\",\"a three\"],"
             "\"pass\":[\"b one\",\"b two\",\"b three\"]}}",
             id, category, id, model, threshold);
}

/* Checks the sentence with a pack of a harassment model rule at h_thr
 * and an organisation model rule (model org) at 0.000001, listed in that
 * order or, with org_first, the other way round. Returns the number of
 * findings; *h and *o are those of each rule. */
static size_t check_text(const char *text, const char *h_thr,
                         const char *org, int org_first, size_t *h,
                         size_t *o)
{
    char hr[1024], orr[1024], json[2560];
    pc_packset *set = NULL;
    const pc_pack *pack;
    size_t n;

    model_rule(hr, sizeof hr, "h", "harassment", "harassment", h_thr);
    model_rule(orr, sizeof orr, "o", "disparaging", org, "0.000001");
    snprintf(json, sizeof json, PC_TEST_PACK_JSON("mc", "%s,%s"),
             org_first ? orr : hr, org_first ? hr : orr);
    pack = pc_test_pack_json(&set, json, strlen(json), "mc", "mc");
    assert_non_null(pack);
    n = pc_test_check(pack, text, PC_ACCOUNT_OFFICIAL, NULL, NULL, NULL, 0);
    *h = pc_test_check(pack, text, PC_ACCOUNT_OFFICIAL, "mc.h", NULL, NULL,
                       0);
    *o = pc_test_check(pack, text, PC_ACCOUNT_OFFICIAL, "mc.o", NULL, NULL,
                       0);
    pc_packset_free(set);
    return n;
}

static size_t check_pack(const char *h_thr, const char *org, int org_first,
                         size_t *h, size_t *o)
{
    return check_text(sentence, h_thr, org, org_first, h, o);
}

static void both_judging_one_sentence_give_the_surer_alone(void **state)
{
    static const char *const orgs[] = {"disparaging", "criticism"};
    size_t h, o;

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        for (int org_first = 0; org_first < 2; org_first++) {
            assert_int_equal(check_pack("0.000001", orgs[i], org_first, &h,
                                        &o), 1);
            assert_int_equal(h, 0);
            assert_int_equal(o, 1);
            assert_int_equal(check_text(insult, "0.000001", orgs[i],
                                        org_first, &h, &o), 1);
            assert_int_equal(h, 1);
            assert_int_equal(o, 0);
        }
    }
}

static void the_organisation_finding_stands_alone(void **state)
{
    static const char *const orgs[] = {"disparaging", "criticism"};
    size_t h, o;

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        for (int org_first = 0; org_first < 2; org_first++) {
            assert_int_equal(check_pack("0.999999", orgs[i], org_first, &h,
                                        &o), 1);
            assert_int_equal(h, 0);
            assert_int_equal(o, 1);
        }
    }
}

/* An organisation model's finding stands only on a sentence that refers
 * to the organisation (its name, its people, its events, its work), or
 * in a post that does, never on one about a body outside it (the
 * government, Ofsted, an exam board) that names neither the organisation
 * nor its own body, and never on plain praise (model_refer.c): the rule
 * judges every sentence here, the harassment rule none. */
static void the_organisation_finding_needs_the_organisation(void **state)
{
    static const char *const orgs[] = {"disparaging", "criticism"};
    static const pc_test_want cases[] = {
        {"The printer on the second floor jammed again.", 0},
        {"Emco's printer jammed again.", 1},
        {"The printer the staff share jammed again.", 1},
        {"Year 9 were hard work today.", 1},
        {"Went to the Emco AGM. It went on and on.", 1},
        {"The DfE's guidance is vague.", 0},
        /* a body outside it, whoever its decision hurts; the
         * organisation's own body or name beside it keeps the finding */
        {"Ofqual's new grading rules punish every pupil in the country.", 0},
        {"The minister's pay offer is an insult to support staff.", 0},
        {"The exam board lost half our pupils' coursework.", 0},
        {"Ofsted was right: the trust's leadership is out of its depth.", 1},
        {"Ofsted saw what the staff already knew: this place is sinking.", 1},
        {"The council's parking charges hit Emco's staff hardest.", 1},
        {"Working at Emco has been the best five years of my career.", 0},
        {"Working at Emco used to be the best years of my career.", 1},
        {"Congratulations to our pupils on a great result?", 1},
    };
    size_t h, o;

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
            assert_int_equal(check_text(cases[k].text, "0.999999", orgs[i],
                                        0, &h, &o),
                             cases[k].want);
            assert_int_equal(o, cases[k].want);
        }
    }
}

/* A sentence of plain praise in a post whose other sentence turns it is
 * mock praise, a put-down by sarcasm: the organisation rule's finding
 * stands though the sentence its model scores highest is the praise
 * ("Or not." scores far under it on both models), and quotes the whole
 * post; a post of praise alone stays quiet (rules_model.c,
 * praise_turned). */
static void praise_turned_by_the_post_is_a_put_down(void **state)
{
    static const char *const orgs[] = {"disparaging", "criticism"};
    static const char turned[] = "Emco is wonderful. Or not.";
    char orr[1024], json[2048];
    pc_packset *set = NULL;
    const pc_pack *pack;
    pc_finding f[2];

    (void)state;
    for (size_t i = 0; i < 2; i++) {
        model_rule(orr, sizeof orr, "o", "disparaging", orgs[i], "0.000001");
        snprintf(json, sizeof json,
                 "{\"format\":1,\"id\":\"mc\",\"name\":\"n\","
                 "\"version\":\"1\",\"organisation\":{\"name\":\"M\","
                 "\"names\":[\"Emco\"]},\"source\":{\"title\":\"t\"},"
                 "\"rules\":[%s]}",
                 orr);
        pack = pc_test_pack_json(&set, json, strlen(json), "mc", "mc");
        assert_non_null(pack);
        assert_int_equal(pc_test_check(pack, turned, PC_ACCOUNT_OFFICIAL,
                                       "mc.o", f, NULL, 2),
                         1);
        assert_int_equal(f[0].start, 0);
        assert_int_equal(f[0].end, (long)strlen(turned));
        assert_int_equal(pc_test_check(pack, "Emco is wonderful. Thank you "
                                             "all.",
                                       PC_ACCOUNT_OFFICIAL, "mc.o", NULL,
                                       NULL, 0),
                         0);
        pc_packset_free(set);
        set = NULL;
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_judging_one_sentence_give_the_surer_alone),
        cmocka_unit_test(the_organisation_finding_stands_alone),
        cmocka_unit_test(the_organisation_finding_needs_the_organisation),
        cmocka_unit_test(praise_turned_by_the_post_is_a_put_down),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
