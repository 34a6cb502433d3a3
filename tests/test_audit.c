/* test_audit.c: reading archives for the audit: X's tweets.js read post by
 * post (strings holding brackets and escapes, a damaged post skipped, an
 * unbalanced one skipped without losing the rest, a cut-off file), replies
 * and retweets, long posts from note-tweet.js, media present and deleted;
 * Facebook's mojibake repaired; LinkedIn's multi-line CSV; the same posts
 * from a zip as from its folder; zip bombs and files that are not archives
 * refused with a message naming what was expected; every platform's
 * reader run, in order, over one archive, twice; the report's HTML
 * escapes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>

#include <cmocka.h>

#include "audit_int.h"

#define MAX_GOT 16

/* What a read handed to the sink. */
typedef struct got {
    size_t n, damaged;
    char text[MAX_GOT][512];
    char id[MAX_GOT][64];
    char kind[MAX_GOT][16];
    char url[MAX_GOT][128];
    long long time[MAX_GOT];
    size_t n_media[MAX_GOT], present[MAX_GOT];
    char why[256];
} got;

static int on_post(void *ctx, const pc_audit_post *p)
{
    got *g = ctx;
    size_t i;

    if (g->n < MAX_GOT) {
        snprintf(g->text[g->n], sizeof g->text[0], "%.*s", (int)p->text_len,
                 p->text);
        snprintf(g->id[g->n], sizeof g->id[0], "%s", p->id);
        snprintf(g->kind[g->n], sizeof g->kind[0], "%s", p->kind);
        snprintf(g->url[g->n], sizeof g->url[0], "%s", p->url ? p->url : "");
        g->time[g->n] = p->time;
        g->n_media[g->n] = p->n_media;
        for (i = 0; i < p->n_media; i++) {
            g->present[g->n] += p->media[i].present != 0;
        }
    }
    g->n++;
    return 0;
}

static int on_damaged(void *ctx, const char *where, const char *why)
{
    got *g = ctx;
    g->damaged++;
    snprintf(g->why, sizeof g->why, "%s: %s", where, why);
    return 0;
}

static char dir[] = "/tmp/pc-test-audit-XXXXXX";

/* Writes dir/name (making its folders) with body. */
static void put(const char *name, const char *body)
{
    char path[512], *slash;
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    for (slash = strchr(path + strlen(dir) + 1, '/'); slash;
         slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    f = fopen(path, "wb");
    assert_non_null(f);
    fputs(body, f);
    fclose(f);
}

static int fresh(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/pc-test-audit-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int cleanup(void **state)
{
    char cmd[600];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Reads the archive at path into g; returns the status. */
static pc_status read_into(const char *path, got *g, pc_error *err)
{
    pc_audit_sink sink = {g, on_post, on_damaged, NULL};
    pc_archive *a;
    pc_status st;

    memset(g, 0, sizeof *g);
    pc_error_clear(err);
    a = pc_archive_open(path, err);
    if (!a) {
        return err->code;
    }
    st = pc_archive_read(a, &sink, err);
    pc_archive_close(a);
    return st;
}

#define TWEET(ID, TEXT, EXTRA)                                               \
    "  {\n    \"tweet\" : {\n      \"id_str\" : \"" ID "\",\n"               \
    "      \"created_at\" : \"Tue Mar 19 14:05:17 +0000 2019\",\n" EXTRA     \
    "      \"full_text\" : \"" TEXT "\"\n    }\n  }"

static const char tweets[] =
    "window.YTD.tweets.part0 = [\n"
    TWEET("1", "Brackets ] } [ { and \\\"quotes\\\" &amp; more", "") ",\n"
    TWEET("2", "@jo thanks", "      \"in_reply_to_status_id_str\" : \"9\",\n")
    ",\n"
    TWEET("3", "RT @jo: hello 🌸", "") ",\n"
    "  {\n    \"tweet\" : {\n      \"id_str\" : \"4\", \"full_text\" : "
    "\"bad\" \"json\"\n    }\n  },\n"
    TWEET("5", "photo https://t.co/x",
          "      \"extended_entities\" : {\"media\" : [\n"
          "        {\"media_url_https\" : \"https://pbs.twimg.com/media/A.jpg\"},"
          "\n        {\"media_url_https\" : \"https://pbs.twimg.com/media/B.jpg\"}"
          "]},\n")
    "\n]";

/* Progress seen by a read: the last counts and whether done ever passed
 * total or went down. */
typedef struct seen {
    unsigned long long done, total;
    int calls, bad;
} seen;

static void on_progress(void *ctx, unsigned long long done,
                        unsigned long long total)
{
    seen *p = ctx;

    p->bad |= done > total || done < p->done;
    p->done = done;
    p->total = total;
    p->calls++;
}

static int skip_post(void *ctx, const pc_audit_post *post)
{
    (void)ctx;
    (void)post;
    return 0;
}

/* An archive holding X's and LinkedIn's files: pc_archive_read runs every
 * reader, X first, and a second read of the same archive starts its
 * progress from nothing again. */
static void test_every_reader_in_order(void **state)
{
    got g;
    pc_error err = {0};
    seen p1 = {0}, p2 = {0};
    pc_audit_sink s1 = {&p1, skip_post, on_damaged, on_progress};
    pc_audit_sink s2 = {&p2, skip_post, on_damaged, on_progress};
    pc_archive *a;

    (void)state;
    put("data/tweets.js", tweets);
    put("Shares.csv", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,"
        "Visibility\n2021-03-04 10:22:33,https://www.linkedin.com/feed/"
        "update/urn:1,From LinkedIn,,,PUBLIC\n");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 5);
    assert_string_equal(g.id[0], "1");
    assert_string_equal(g.text[4], "From LinkedIn");
    a = pc_archive_open(dir, &err);
    assert_non_null(a);
    assert_int_equal(pc_archive_read(a, &s1, &err), PC_OK);
    assert_int_equal(pc_archive_read(a, &s2, &err), PC_OK);
    pc_archive_close(a);
    assert_true(p1.calls > 0);
    assert_false(p1.bad);
    assert_false(p2.bad);
    assert_int_equal(p2.done, p1.done);
    assert_int_equal(p2.total, p1.total);
    assert_int_equal(p1.done, p1.total);
}

static void test_html_escape(void **state)
{
    static const char in[] = "<a href=\"x\">&'</a>\0tail";
    FILE *f = tmpfile();
    char buf[128] = {0};
    size_t n;

    (void)state;
    assert_non_null(f);
    /* Bytes are escaped by count, a NUL among them too. */
    pc__html_esc(f, in, sizeof in - 1);
    pc__html_escs(f, NULL);
    pc__html_escs(f, " \xC3\xA9");
    rewind(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    assert_int_equal(n, strlen(buf) + 1 + strlen(buf + strlen(buf) + 1));
    assert_string_equal(buf, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
                             "&lt;/a&gt;");
    assert_string_equal(buf + strlen(buf) + 1, "tail \xC3\xA9");
}

static void test_x_folder(void **state)
{
    got g;
    pc_error err;

    (void)state;
    put("data/tweets.js", tweets);
    put("data/tweets_media/5-A.jpg", "not really a jpeg");
    put("data/account.js", "window.YTD.account.part0 = [ {\"account\": "
                           "{\"username\": \"gen_user\"}} ]");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.damaged, 1);
    assert_non_null(strstr(g.why, "data/tweets.js, post 4"));
    assert_string_equal(g.text[0], "Brackets ] } [ { and \"quotes\" & more");
    assert_string_equal(g.kind[0], "post");
    assert_string_equal(g.kind[1], "reply");
    assert_string_equal(g.kind[2], "retweet");
    assert_string_equal(g.text[2], "RT @jo: hello 🌸");
    assert_string_equal(g.url[0], "https://x.com/gen_user/status/1");
    /* Tue Mar 19 14:05:17 +0000 2019 */
    assert_int_equal(g.time[0], 1553004317LL);
    /* Two media listed, one in the archive, one deleted. */
    assert_int_equal(g.n_media[3], 2);
    assert_int_equal(g.present[3], 1);
}

static void test_x_unbalanced_and_cut(void **state)
{
    got g;
    pc_error err;

    (void)state;
    /* Post 2 never closes its brackets; post 3 must still be read. The
     * file is then cut inside post 4. */
    put("data/tweets.js", "window.YTD.tweets.part0 = [\n"
        TWEET("1", "one", "") ",\n"
        "  {\n    \"tweet\" : {\n      \"id_str\" : \"2\", \"full_text\" : "
        "[\"x\"\n    }\n  },\n"
        TWEET("3", "three", "") ",\n"
        "  {\n    \"tweet\" : {\n      \"id_str\" : \"4\", \"full_t");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "one");
    assert_string_equal(g.text[1], "three");
    assert_int_equal(g.damaged, 2);
    assert_non_null(strstr(g.why, "ends inside"));
}

static void test_x_long_posts_and_parts(void **state)
{
    got g;
    pc_error err;

    (void)state;
    put("data/tweet.js", "window.YTD.tweet.part0 = [\n"
        TWEET("1", "The start of a long… https://t.co/n", "") ",\n"
        TWEET("3", "RT @pat: made in the same second", "") "\n]");
    put("data/tweet-part1.js", "window.YTD.tweet.part1 = [ {\"tweet\": "
        "{\"id_str\": \"2\", \"full_text\": \"second part\", "
        "\"created_at\": \"Wed Mar 20 08:00:00 +0100 2019\"}} ]");
    put("data/note-tweet.js", "window.YTD.note_tweet.part0 = [ {\"noteTweet\""
        ": {\"createdAt\": \"2019-03-19T14:05:17.000Z\", \"core\": "
        "{\"text\": \"The start of a long post and its end\"}}} ]");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 3);
    /* The post made in the note's second gets the note's whole text. */
    assert_string_equal(g.text[0], "The start of a long post and its end");
    assert_string_equal(g.kind[0], "post");
    assert_string_equal(g.url[0], "https://x.com/i/web/status/1");
    /* A retweet in that second keeps its own text and kind. */
    assert_string_equal(g.text[1], "RT @pat: made in the same second");
    assert_string_equal(g.kind[1], "retweet");
    assert_string_equal(g.text[2], "second part");
    /* +0100: 07:00 UTC. */
    assert_int_equal(g.time[2], 1553065200LL);
}

static void test_demojibake(void **state)
{
    char a[] = "Caf\xC3\x83\xC2\xA9 \xC3\xA2\xC2\x80\xC2\x99s"; /* Café ’s */
    char b[] = "caf\xC3\xA9";   /* café, really Latin-1 é: left alone */
    char c[] = "\xE2\x80\x99 ok";  /* already real UTF-8 */
    char d[] = "\xC3\xB0\xC2\x9F\xC2\x8C\xC2\xB8"; /* 🌸 as mojibake */
    size_t n;

    (void)state;
    n = pc__audit_demojibake(a, strlen(a));
    assert_int_equal(n, strlen("Café ’s"));
    assert_memory_equal(a, "Café ’s", n);
    assert_int_equal(pc__audit_demojibake(b, strlen(b)), strlen(b));
    assert_string_equal(b, "caf\xC3\xA9");
    assert_int_equal(pc__audit_demojibake(c, strlen(c)), strlen(c));
    n = pc__audit_demojibake(d, strlen(d));
    assert_memory_equal(d, "🌸", n);
    assert_int_equal(n, 4);
}

static void test_facebook_mojibake(void **state)
{
    got g;
    pc_error err;

    (void)state;
    put("your_facebook_activity/posts/your_posts__check_ins__photos_and_"
        "videos_1.json",
        "[\n  {\n    \"timestamp\": 1600000000,\n    \"data\": [{\"post\": "
        "\"Caf\\u00c3\\u00a9 \\u00f0\\u009f\\u008c\\u00b8\"}],\n"
        "    \"attachments\": [{\"data\": [{\"media\": {\"uri\": "
        "\"your_facebook_activity/posts/media/p/1.jpg\"}}]}]\n  }\n]");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.text[0], "Café 🌸");
    assert_string_equal(g.id[0], "1600000000");
    assert_int_equal(g.n_media[0], 1);
    assert_int_equal(g.present[0], 0);
}

static void test_instagram(void **state)
{
    got g;
    pc_error err;

    (void)state;
    put("your_instagram_activity/content/posts_1.json",
        "[{\"media\": [{\"uri\": \"media/posts/1.jpg\", \"creation_timestamp"
        "\": 1580000000, \"title\": \"\\u00d0\\u009c\\u00d0\\u00b8\\u00d1"
        "\\u0080\"}]},\n {\"media\": [{\"uri\": \"media/posts/2.jpg\"}, "
        "{\"uri\": \"media/posts/3.jpg\"}], \"title\": \"two\", "
        "\"creation_timestamp\": 1580000001}]");
    put("media/posts/2.jpg", "x");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "Мир");
    assert_int_equal(g.time[0], 1580000000LL);
    assert_string_equal(g.text[1], "two");
    assert_int_equal(g.n_media[1], 2);
    assert_int_equal(g.present[1], 1);
}

static void test_linkedin_csv(void **state)
{
    got g;
    pc_error err;

    (void)state;
    put("Shares.csv", "\xEF\xBB\xBF" "Date,ShareLink,ShareCommentary,"
        "SharedUrl,MediaUrl,Visibility\r\n"
        "2021-03-04 10:22:33,https://www.linkedin.com/feed/update/urn:1,"
        "\"Line one, with a comma\r\n\"\"Quoted\"\" line two\",,,PUBLIC\r\n"
        "2021-03-05 09:00:00,javascript:alert(1),plain,,,PUBLIC\r\n"
        "\"2021-03-06 09:00:00\",https://www.linkedin.com/x/urn:3,\"cut");
    assert_int_equal(read_into(dir, &g, &err), PC_OK);
    assert_int_equal(g.n, 2);
    assert_string_equal(g.text[0], "Line one, with a comma\n\"Quoted\" "
                                   "line two");
    assert_string_equal(g.url[0], "https://www.linkedin.com/feed/update/"
                                  "urn:1");
    assert_string_equal(g.id[0], "urn:1");
    assert_int_equal(g.time[0], 1614853353LL);
    /* A link that is not LinkedIn's is not kept. */
    assert_string_equal(g.url[1], "");
    assert_int_equal(g.damaged, 1);
}

/* Writes dir/name.zip holding each (name, body) pair under prefix. */
static void make_zip(const char *zname, const char *const *files, size_t n)
{
    char path[512];
    zip_t *z;
    size_t i;
    int e;

    snprintf(path, sizeof path, "%s/%s", dir, zname);
    z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &e);
    assert_non_null(z);
    for (i = 0; i + 1 < n; i += 2) {
        zip_source_t *s = zip_source_buffer(z, files[i + 1],
                                            strlen(files[i + 1]), 0);
        assert_true(zip_file_add(z, files[i], s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
}

static void test_zip_same_as_folder(void **state)
{
    const char *files[] = {"twitter-2024/data/tweets.js", tweets,
                           "twitter-2024/data/tweets_media/5-A.jpg", "x"};
    char path[512];
    got g;
    pc_error err;

    (void)state;
    make_zip("a.zip", files, 4);
    snprintf(path, sizeof path, "%s/a.zip", dir);
    assert_int_equal(read_into(path, &g, &err), PC_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.damaged, 1);
    assert_string_equal(g.text[0], "Brackets ] } [ { and \"quotes\" & more");
    assert_int_equal(g.present[3], 1);
}

static void test_zip_bomb(void **state)
{
    size_t big = 64u * 1024 * 1024;
    char *zeros = calloc(1, big + 1), path[512];
    const char *files[] = {"data/tweets.js", NULL};
    got g;
    pc_error err;

    (void)state;
    assert_non_null(zeros);
    memset(zeros, ' ', big);
    memcpy(zeros, "window.YTD.tweets.part0 = [", 27);
    files[1] = zeros;
    make_zip("bomb.zip", files, 2);
    free(zeros);
    snprintf(path, sizeof path, "%s/bomb.zip", dir);
    assert_int_equal(read_into(path, &g, &err), PC_ERR_TOO_LARGE);
    assert_non_null(strstr(err.text, "zip bomb"));
    assert_int_equal(g.n, 0);
}

static void test_not_an_archive(void **state)
{
    const char *files[] = {"notes/readme.txt", "hello"};
    char path[512];
    got g;
    pc_error err;

    (void)state;
    put("plain.txt", "just some text");
    snprintf(path, sizeof path, "%s/plain.txt", dir);
    assert_int_equal(read_into(path, &g, &err), PC_ERR_REQUEST);
    assert_non_null(strstr(err.text, "not an archive"));
    assert_non_null(strstr(err.text, "data/tweets.js"));
    assert_non_null(strstr(err.text, "Shares.csv"));
    make_zip("other.zip", files, 2);
    snprintf(path, sizeof path, "%s/other.zip", dir);
    assert_int_equal(read_into(path, &g, &err), PC_ERR_REQUEST);
    assert_non_null(strstr(err.text, "not a social-media archive"));
    assert_int_equal(read_into(dir, &g, &err), PC_ERR_REQUEST);
    assert_non_null(strstr(err.text, "no archive in this folder"));
}

static void test_names_stay_inside(void **state)
{
    pc_archive *a;
    pc_error err;

    (void)state;
    put("Shares.csv", "Date,ShareCommentary\n");
    put("secret.txt", "x");
    a = pc_archive_open(dir, &err);
    assert_non_null(a);
    assert_true(pc__archive_has(a, "secret.txt"));
    assert_false(pc__archive_has(a, "../secret.txt"));
    assert_false(pc__archive_has(a, "a/../../secret.txt"));
    assert_false(pc__archive_has(a, "/etc/passwd"));
    pc_archive_close(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_x_folder, fresh, cleanup),
        cmocka_unit_test_setup_teardown(test_x_unbalanced_and_cut, fresh,
                                        cleanup),
        cmocka_unit_test_setup_teardown(test_x_long_posts_and_parts, fresh,
                                        cleanup),
        cmocka_unit_test(test_demojibake),
        cmocka_unit_test_setup_teardown(test_facebook_mojibake, fresh,
                                        cleanup),
        cmocka_unit_test_setup_teardown(test_instagram, fresh, cleanup),
        cmocka_unit_test_setup_teardown(test_linkedin_csv, fresh, cleanup),
        cmocka_unit_test_setup_teardown(test_zip_same_as_folder, fresh,
                                        cleanup),
        cmocka_unit_test_setup_teardown(test_zip_bomb, fresh, cleanup),
        cmocka_unit_test_setup_teardown(test_not_an_archive, fresh, cleanup),
        cmocka_unit_test_setup_teardown(test_names_stay_inside, fresh,
                                        cleanup),
        cmocka_unit_test_setup_teardown(test_every_reader_in_order, fresh,
                                        cleanup),
        cmocka_unit_test(test_html_escape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
