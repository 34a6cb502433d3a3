/* test_logo_find.c: the logo finder itself (vision.h, host/vision/logos.cpp)
 * on a 384-px photo, as the helper sees the extension's thumbnail: a flat
 * test logo drawn here (coloured blocks on white: nobody's real logo),
 * pasted small, turned, tilted and partly hidden, then JPEG-compressed, is
 * found (also under a light colour cast); another logo is not found in
 * the same photo, and no logo is found in the photo without one, nor in
 * a drawing whose flat square has the logo's outline and colour but not
 * its marks. A logo whose marks differ from its field in hue only, under
 * a strong colour cast, is found by the close-up vote alone. A 768-px photo, as the helper decodes an
 * image file for the keypoint vote (PC_VISION_DETAIL_SIDE), shows a logo
 * 9% of its width to the keypoints, and no logo where there is none. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "images.h"
#include "postcheck/vision.h"

#define LOGO 256

/* The photo's size: the thumbnail's, doubled by the detail tests. */
static int W = 384, H = 288;

/* The photo without a logo: a gradient with soft seeded clutter (discs of
 * random colours), owned RGB. */
static uint8_t *background(void)
{
    uint8_t *img = pc_test_gradient(W, H);

    srand(11);
    for (int k = 0; k < 25; k++) {
        int cx = rand() % W, cy = rand() % H, r = 4 + rand() % 14;
        uint8_t c[3] = {(uint8_t)rand(), (uint8_t)rand(), (uint8_t)rand()};
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                if (x >= 0 && y >= 0 && x < W && y < H &&
                    (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                    memcpy(img + ((size_t)y * W + x) * 3, c, 3);
                }
            }
        }
    }
    return img;
}

/* The 3x3 homography taking the unit square's corners (0,0) (1,0) (1,1)
 * (0,1) to q[0..3] (Heckbert's square-to-quad), row-major in m. */
static void square_to_quad(double q[4][2], double m[9])
{
    double dx1 = q[1][0] - q[2][0], dx2 = q[3][0] - q[2][0];
    double dy1 = q[1][1] - q[2][1], dy2 = q[3][1] - q[2][1];
    double sx = q[0][0] - q[1][0] + q[2][0] - q[3][0];
    double sy = q[0][1] - q[1][1] + q[2][1] - q[3][1];
    double den = dx1 * dy2 - dx2 * dy1;
    double g = (sx * dy2 - dx2 * sy) / den, h = (dx1 * sy - sx * dy1) / den;

    m[0] = q[1][0] - q[0][0] + g * q[1][0];
    m[1] = q[3][0] - q[0][0] + h * q[3][0];
    m[2] = q[0][0];
    m[3] = q[1][1] - q[0][1] + g * q[1][1];
    m[4] = q[3][1] - q[0][1] + h * q[3][1];
    m[5] = q[0][1];
    m[6] = g;
    m[7] = h;
    m[8] = 1;
}

/* The inverse of the 3x3 matrix m (adjugate over determinant). */
static void invert(const double m[9], double r[9])
{
    double a = m[4] * m[8] - m[5] * m[7], b = m[5] * m[6] - m[3] * m[8];
    double c = m[3] * m[7] - m[4] * m[6];
    double det = m[0] * a + m[1] * b + m[2] * c;

    r[0] = a / det;
    r[1] = (m[2] * m[7] - m[1] * m[8]) / det;
    r[2] = (m[1] * m[5] - m[2] * m[4]) / det;
    r[3] = b / det;
    r[4] = (m[0] * m[8] - m[2] * m[6]) / det;
    r[5] = (m[2] * m[3] - m[0] * m[5]) / det;
    r[6] = c / det;
    r[7] = (m[1] * m[6] - m[0] * m[7]) / det;
    r[8] = (m[0] * m[4] - m[1] * m[3]) / det;
}

/* Pastes logo (LOGO x LOGO) into img: width frac of the photo, centred at
 * (cx, cy), turned by deg degrees, each corner then moved by tilt[k] (in
 * logo widths), its right-hand `hide` fraction left out (as if something
 * stood in front of it). Nearest logo pixel. */
static void paste(uint8_t *img, const uint8_t *logo, double frac, double cx,
                  double cy, double deg, const double tilt[8], double hide)
{
    double s = frac * W, a = deg * 3.14159265358979 / 180;
    double ca = cos(a), sa = sin(a), q[4][2], m[9], r[9];
    static const double corner[4][2] = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5},
                                        {-0.5, 0.5}};

    for (int k = 0; k < 4; k++) {
        double x = (corner[k][0] + tilt[2 * k]) * s;
        double y = (corner[k][1] + tilt[2 * k + 1]) * s;
        q[k][0] = cx + x * ca - y * sa;
        q[k][1] = cy + x * sa + y * ca;
    }
    square_to_quad(q, m);
    invert(m, r);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            double z = r[6] * x + r[7] * y + r[8];
            double u = (r[0] * x + r[1] * y + r[2]) / z;
            double v = (r[3] * x + r[4] * y + r[5]) / z;
            if (u < 0 || v < 0 || u >= 1 - hide || v >= 1) {
                continue;
            }
            memcpy(img + ((size_t)y * W + x) * 3,
                   logo + ((size_t)(v * LOGO) * LOGO + (size_t)(u * LOGO)) * 3, 3);
        }
    }
}

/* The photo as the helper sees it after a JPEG round trip (decoded at
 * the thumbnail's size and, when detail is not NULL, as an image file's
 * at PC_VISION_DETAIL_SIDE into *detail), owned. */
static pc_vision_image seen_as_file(const uint8_t *img, pc_vision_image *detail)
{
    size_t n = 0;
    uint8_t *jpg = pc_test_jpeg(img, (unsigned)W, (unsigned)H, &n);
    pc_vision_image out;

    assert_non_null(jpg);
    assert_int_equal(pc_vision_decode(jpg, n, PC_VISION_MAX_THUMB, &out, NULL), PC_OK);
    if (detail) {
        assert_int_equal(pc_vision_decode(jpg, n, PC_VISION_DETAIL_SIDE, detail, NULL),
                         PC_OK);
    }
    free(jpg);
    return out;
}

static pc_vision_image seen(const uint8_t *img)
{
    return seen_as_file(img, NULL);
}

/* Looks for logo (LOGO x LOGO) in the photo (detail: the same photo
 * larger, or NULL); returns the vote. */
static pc_vision_logo_vote look_for(const uint8_t *logo,
                                    const pc_vision_image *photo,
                                    const pc_vision_image *detail)
{
    pc_vision_logo *l = pc_vision_logo_new(logo, LOGO, LOGO, NULL);
    pc_vision_scene *s = pc_vision_scene_new_detailed(
        photo->rgb, photo->width, photo->height, detail ? detail->rgb : NULL,
        detail ? detail->width : 0, detail ? detail->height : 0, NULL);
    pc_vision_logo_vote v;

    assert_non_null(l);
    assert_non_null(s);
    memset(&v, 0, sizeof v);
    assert_int_equal(pc_vision_logo_find(l, s, &v, NULL), PC_OK);
    pc_vision_scene_free(s);
    pc_vision_logo_free(l);
    return v;
}

/* Looks for the block logo of seed in the photo (detail: the same photo
 * larger, or NULL); returns the vote. */
static pc_vision_logo_vote look_detailed(const pc_vision_image *photo,
                                         const pc_vision_image *detail,
                                         unsigned seed)
{
    uint8_t *logo = pc_test_block_logo(LOGO, seed);
    pc_vision_logo_vote v = look_for(logo, photo, detail);

    free(logo);
    return v;
}

static pc_vision_logo_vote look(const pc_vision_image *photo, unsigned seed)
{
    return look_detailed(photo, NULL, seed);
}

/* logo (LOGO x LOGO) under a colour cast: each channel c of each pixel v
 * made gain[c] * v + off[c] (clamped); returns logo. */
static uint8_t *cast(uint8_t *logo, const double gain[3], const double off[3])
{
    for (size_t i = 0; i < (size_t)LOGO * LOGO * 3; i++) {
        double v = gain[i % 3] * logo[i] + off[i % 3];
        logo[i] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v + 0.5);
    }
    return logo;
}

/* A photo with logo pasted as described. */
static pc_vision_image photo_with_logo(const uint8_t *logo, double frac, double cx,
                                       double cy, double deg, const double tilt[8],
                                       double hide)
{
    uint8_t *img = background();
    pc_vision_image out;

    paste(img, logo, frac, cx, cy, deg, tilt, hide);
    out = seen(img);
    free(img);
    return out;
}

/* A photo with the block logo of seed 7 pasted as described. */
static pc_vision_image photo_with(double frac, double cx, double cy, double deg,
                                  const double tilt[8], double hide)
{
    uint8_t *logo = pc_test_block_logo(LOGO, 7);
    pc_vision_image out = photo_with_logo(logo, frac, cx, cy, deg, tilt, hide);

    free(logo);
    return out;
}

static const double square[8] = {0};
static const double tilted[8] = {0.06, -0.05, -0.04, 0.05, 0.05, -0.06, -0.05, 0.04};

static void small_turned_tilted_hidden_logo_is_found(void **state)
{
    pc_vision_image photo = photo_with(0.12, 120, 100, 15, tilted, 0.2);

    (void)state;
    assert_true(look(&photo, 7).found);
    assert_false(look(&photo, 8).found);
    pc_vision_image_free(&photo);
}

static void large_logo_turned_the_other_way_is_found(void **state)
{
    pc_vision_image photo = photo_with(0.35, 240, 150, -18, tilted, 0.1);

    (void)state;
    assert_true(look(&photo, 7).found);
    assert_false(look(&photo, 9).found);
    pc_vision_image_free(&photo);
}

static void mid_sized_upright_logo_is_found(void **state)
{
    pc_vision_image photo = photo_with(0.22, 280, 90, 0, square, 0);

    (void)state;
    assert_true(look(&photo, 7).found);
    pc_vision_image_free(&photo);
}

/* The logo under a light colour cast (each channel's gain and offset
 * moved a little, as a camera's white balance or a print does), small
 * enough that the template vote decides, is still found: the check that
 * a place's colours agree with the logo's (logo_verify.cpp's TINT_SLACK)
 * leaves room for it. */
static void small_logo_under_a_colour_cast_is_found(void **state)
{
    static const double gain[3] = {1.08, 1.0, 0.9}, off[3] = {-10, 0, 8};
    uint8_t *logo = cast(pc_test_block_logo(LOGO, 7), gain, off);
    pc_vision_image photo = photo_with_logo(logo, 0.12, 120, 100, 15, tilted, 0.2);
    pc_vision_logo_vote v = look(&photo, 7);

    (void)state;
    assert_true(v.found);
    assert_true(v.template_score >= 0);
    pc_vision_image_free(&photo);
    free(logo);
}

/* A LOGO x LOGO logo drawn pixel by pixel: colour(x, y, ctx) gives each
 * pixel's RGB. Owned. */
typedef const uint8_t *(*logo_colour)(int x, int y, const void *ctx);

static uint8_t *draw_logo(logo_colour colour, const void *ctx)
{
    uint8_t *p = malloc((size_t)LOGO * LOGO * 3);

    assert_non_null(p);
    for (int y = 0; y < LOGO; y++) {
        for (int x = 0; x < LOGO; x++) {
            memcpy(p + ((size_t)y * LOGO + x) * 3, colour(x, y, ctx), 3);
        }
    }
    return p;
}

/* square_logo's pixel at (x, y); ctx points to its marks. */
static const uint8_t *square_colour(int x, int y, const void *ctx)
{
    static const uint8_t dark[3] = {30, 40, 90}, mark[3] = {230, 200, 40},
                         white[3] = {255, 255, 255};
    int marks = *(const int *)ctx;
    double u = (double)x / LOGO, v = (double)y / LOGO;
    const uint8_t *c = white;

    if (u >= 0.1 && u < 0.9 && v >= 0.1 && v < 0.9) {
        c = dark;
        int bar = u >= 0.3 && u < 0.7 && v >= 0.3 && v < 0.4;
        int disc = (u - 0.35) * (u - 0.35) + (v - 0.6) * (v - 0.6) < 0.08 * 0.08;
        int letter = v >= 0.72 && v < 0.84 &&
                     ((u >= 0.25 && u < 0.31) || (u >= 0.45 && u < 0.55) ||
                      (u >= 0.65 && u < 0.69) || (u >= 0.25 && u < 0.75 && v < 0.75));
        int stroke = u >= 0.55 && u < 0.7 && v >= 0.5 && v < 0.7 &&
                     fabs(v - 0.5 - (u - 0.55) * 1.33) < 0.03;
        int dot = 0;
        for (int k = 0; k < 5; k++) {
            double du = u - (0.25 + 0.12 * k), dv = v - (0.3 + 0.1 * (k % 3));
            dot |= du * du + dv * dv < 0.035 * 0.035;
        }
        if (marks ? bar || disc || letter || stroke : dot) {
            c = marks ? mark : white;
        }
    }
    return c;
}

/* A logo of the benchmark generator's kind (tests/bench/logo_bench.cpp):
 * a dark square on white holding yellow marks (a bar, a disc, three
 * letter-like blocks) when marks is set; else the same square holding a
 * few white dots instead (a drawing's flat shape, as opencv-doc's
 * pic1.png, where such a rectangle was taken for the logo). Owned. */
static uint8_t *square_logo(int marks)
{
    return draw_logo(square_colour, &marks);
}

/* A drawing of flat shapes on white (a black disc and a black triangle),
 * with square_logo(marks) pasted upright at 40% of its width. */
static pc_vision_image drawing_with(int marks)
{
    uint8_t *img = malloc((size_t)W * H * 3), *logo = square_logo(marks);
    pc_vision_image out;

    assert_non_null(img);
    memset(img, 255, (size_t)W * H * 3);
    for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
            int disc = (x - 60) * (x - 60) + (y - 220) * (y - 220) < 40 * 40;
            int tri = y > 30 && y < 110 && abs(x - 320) < (y - 30) / 2;
            if (disc || tri) {
                memset(img + ((size_t)y * W + x) * 3, 0, 3);
            }
        }
    }
    paste(img, logo, 0.4, 190, 150, 0, square, 0);
    out = seen(img);
    free(img);
    free(logo);
    return out;
}

/* The logo's outline and colour without its inside (a drawing's flat
 * square holding white dots where the logo has its marks) is not the
 * logo: the finder asks for what is inside the outline as well
 * (logo_verify.cpp's INSIDE_MIN); the logo itself, in the same drawing,
 * is found. */
static void flat_shape_of_the_logos_outline_is_not_the_logo(void **state)
{
    uint8_t *logo = square_logo(1);
    pc_vision_image with = drawing_with(1), without = drawing_with(0);

    (void)state;
    assert_true(look_for(logo, &with, NULL).found);
    assert_false(look_for(logo, &without, NULL).found);
    pc_vision_image_free(&with);
    pc_vision_image_free(&without);
    free(logo);
}

/* hue_logo's pixel at (x, y); ctx points to its 6x6 cells (row by row),
 * 1 where a mark is. */
static const uint8_t *hue_colour(int x, int y, const void *ctx)
{
    /* Rec. 601 luma: field 0.299*200 + 0.587*90 + 0.114*150 = 129.6,
     * marks 0.299*60 + 0.587*160 + 0.114*120 = 125.5. */
    static const uint8_t field[3] = {200, 90, 150}, mark[3] = {60, 160, 120},
                         white[3] = {255, 255, 255};
    const int *on = ctx;
    int cx = x * 8 / LOGO, cy = y * 8 / LOGO;

    if (cx >= 1 && cx < 7 && cy >= 1 && cy < 7) {
        return on[(cy - 1) * 6 + cx - 1] ? mark : field;
    }
    return white;
}

/* A logo whose marks differ from its field in hue only (both of about
 * the same brightness, so grey shows its outline and nothing inside): a
 * seeded 6x6 pattern of mark cells in a field, on white; owned. */
static uint8_t *hue_logo(unsigned seed)
{
    int on[36];

    srand(seed);
    for (int i = 0; i < 36; i++) {
        on[i] = rand() % 5 < 2;
    }
    return draw_logo(hue_colour, on);
}

/* The hue-only logo under a strong cast (red up, blue down, as a warm
 * print or a lamp), 28% of the width, tilted, its right 15% hidden: grey
 * keypoints find nothing inside it, the template vote's place fails the
 * colour check (logo_verify.cpp's TINT_SLACK), and the close-up vote,
 * which looks along the logo's colour axis (logos.cpp's close_vote),
 * finds it with CLOSE_INLIERS (8) or more. Another logo of the same
 * colours and outline, its marks in another pattern, is not found. */
static void hue_only_logo_under_a_cast_is_found_by_a_close_look(void **state)
{
    static const double gain[3] = {1.35, 1.0, 0.65}, off[3] = {-35, 0, 28};
    uint8_t *logo = hue_logo(4), *shown = cast(hue_logo(4), gain, off);
    uint8_t *other = hue_logo(14);
    pc_vision_image photo = photo_with_logo(shown, 0.28, 250, 130, 8, tilted, 0.15);
    pc_vision_logo_vote v = look_for(logo, &photo, NULL);

    (void)state;
    assert_true(v.found);
    assert_true(v.inliers < 8);
    assert_true(v.close_inliers >= 8);
    assert_false(look_for(other, &photo, NULL).found);
    pc_vision_image_free(&photo);
    free(other);
    free(shown);
    free(logo);
}

static void no_logo_in_the_photo_without_one(void **state)
{
    uint8_t *img = background();
    pc_vision_image photo = seen(img);

    (void)state;
    for (unsigned seed = 7; seed < 12; seed++) {
        assert_false(look(&photo, seed).found);
    }
    pc_vision_image_free(&photo);
    free(img);
}

/* An image file 768 px wide with the logo 9% of its width (69 px; 35 in
 * the thumbnail): the keypoint vote, given the file at
 * PC_VISION_DETAIL_SIDE, finds it on its own (6 inliers or more, the
 * finder's KEY_INLIERS); another logo is not found. */
static void small_logo_in_a_large_file_is_found_by_its_keypoints(void **state)
{
    uint8_t *img, *logo = pc_test_block_logo(LOGO, 7);
    pc_vision_image thumb, detail;
    pc_vision_logo_vote v;

    (void)state;
    W = 768;
    H = 576;
    img = background();
    paste(img, logo, 0.09, 250, 380, 10, tilted, 0.1);
    thumb = seen_as_file(img, &detail);
    assert_int_equal(detail.width, 768);
    v = look_detailed(&thumb, &detail, 7);
    assert_true(v.found);
    assert_true(v.inliers >= 6);
    assert_false(look_detailed(&thumb, &detail, 8).found);
    pc_vision_image_free(&thumb);
    pc_vision_image_free(&detail);
    free(logo);
    free(img);
    W = 384;
    H = 288;
}

/* A thumbnail with no larger copy (the browser's path) and the logo 11%
 * of its width (42 px): the keypoint vote finds it on its own, on the
 * thumbnail enlarged (logos.cpp's KEY_UPSCALE; 8 inliers or more, its
 * KEY_INLIERS_UP); another logo of the same blocks is not found (it
 * reaches 6 inliers there). */
static void small_logo_in_a_thumbnail_is_found_by_its_keypoints(void **state)
{
    pc_vision_image photo = photo_with(0.11, 250, 150, -10, tilted, 0.1);
    pc_vision_logo_vote v = look(&photo, 7);

    (void)state;
    assert_true(v.found);
    assert_true(v.inliers >= 8);
    assert_false(look(&photo, 8).found);
    pc_vision_image_free(&photo);
}

static void no_logo_in_a_large_file_without_one(void **state)
{
    uint8_t *img;
    pc_vision_image thumb, detail;

    (void)state;
    W = 768;
    H = 576;
    img = background();
    thumb = seen_as_file(img, &detail);
    for (unsigned seed = 7; seed < 12; seed++) {
        assert_false(look_detailed(&thumb, &detail, seed).found);
    }
    pc_vision_image_free(&thumb);
    pc_vision_image_free(&detail);
    free(img);
    W = 384;
    H = 288;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(small_turned_tilted_hidden_logo_is_found),
        cmocka_unit_test(large_logo_turned_the_other_way_is_found),
        cmocka_unit_test(mid_sized_upright_logo_is_found),
        cmocka_unit_test(small_logo_under_a_colour_cast_is_found),
        cmocka_unit_test(hue_only_logo_under_a_cast_is_found_by_a_close_look),
        cmocka_unit_test(no_logo_in_the_photo_without_one),
        cmocka_unit_test(flat_shape_of_the_logos_outline_is_not_the_logo),
        cmocka_unit_test(small_logo_in_a_large_file_is_found_by_its_keypoints),
        cmocka_unit_test(small_logo_in_a_thumbnail_is_found_by_its_keypoints),
        cmocka_unit_test(no_logo_in_a_large_file_without_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
