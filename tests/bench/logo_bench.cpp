/* logo_bench.cpp: the seeded logo benchmark (issue 12), run by
 * tests/bench/vision. Draws flat test logos (a shape, a bar, a dot, a
 * stroke and three letters, random colours: nobody's real logo), pastes
 * each into a photo at 8-40% of its width, turned up to 20 degrees,
 * tilted (each corner moved up to 12% of the logo's width), up to a
 * quarter hidden, then JPEG-compressed (quality 50-90) and decoded as the
 * helper decodes (pc_vision_decode, 384 px: the extension's thumbnail),
 * and asks the shim (pc_vision_logo_find) for the logo. Photos without
 * the logo are asked for a logo too: every "found" there is a false hit.
 * Prints, for each seed and for all, recall (with the aim beside
 * it; and by the logo's width: 8-15, 15-25, 25-40%), false hits (and
 * which vote made them) and CPU and wall time an image on one OpenCV thread (as
 * the helper runs), then recall split by background photo, and the
 * photos without the logo where a false hit was (each as it happens, then
 * counted by background photo).
 *
 * With --scores FILE it asks pc_vision_logo_places instead and writes one
 * line an image to FILE (seed, "pos" or "neg", the logo's width as a
 * fraction of the photo's, its centre in the 384-px photo (0 0 when none),
 * that photo's width in pixels (under 384 when it stands upright), the
 * photo, the keypoint inliers, then, for each of the 8 best proposed
 * places (the ones the finder verifies), its centre, width and measures
 * (PC_LOGO_F_* in vision.h)), for fitting the verifying score
 * (tests/bench/logo_sweep.py); no figures are printed then.
 *
 * With --write DIR SEED N PHOTO... it draws one logo (DIR/logo.jpg) and
 * writes N photos with it pasted as above (DIR/photo-I.jpg, 768 px, JPEG
 * quality 50-90): the images the browser benchmark attaches
 * (tests/bench/vision_browser.mjs).
 *
 * With --detail (first) the photo is also decoded at PC_VISION_DETAIL_SIDE
 * and given to the finder as the helper gives an image file's
 * (pc_vision_scene_new_detailed): the figures for `postcheck check
 * --image` and the audit, where the thumbnail's are the browser's.
 *
 * Usage: pc_logo_bench [--detail] [--scores FILE] SEED[,SEED...] POSITIVES NEGATIVES PHOTO...
 *        pc_logo_bench --write DIR SEED N PHOTO... */
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <turbojpeg.h>

#include "postcheck/vision.h"

namespace {

cv::Mat draw_logo(std::mt19937 &rng)
{
    const int S = 256;
    std::uniform_int_distribution<int> c(0, 255), shape(0, 3), letter(0, 18);
    cv::Mat m(S, S, CV_8UC3, cv::Scalar(255, 255, 255));
    cv::Scalar a(c(rng), c(rng), c(rng)), b(c(rng), c(rng), c(rng));
    switch (shape(rng)) {
    case 0: cv::circle(m, {S / 2, S / 2}, S * 45 / 100, a, -1, cv::LINE_AA); break;
    case 1: {
        std::vector<cv::Point> p{{S / 10, S / 10}, {S * 9 / 10, S / 10},
                                 {S * 9 / 10, S * 55 / 100}, {S / 2, S * 95 / 100},
                                 {S / 10, S * 55 / 100}};
        cv::fillConvexPoly(m, p, a, cv::LINE_AA);
        break;
    }
    case 2: cv::rectangle(m, {S / 10, S / 10}, {S * 9 / 10, S * 9 / 10}, a, -1); break;
    default: {
        std::vector<cv::Point> p{{S / 2, S / 20}, {S * 95 / 100, S * 9 / 10},
                                 {S / 20, S * 9 / 10}};
        cv::fillConvexPoly(m, p, a, cv::LINE_AA);
    }
    }
    cv::rectangle(m, {S * 3 / 10, S * 3 / 10}, {S * 7 / 10, S * 4 / 10}, b, -1);
    cv::circle(m, {S * 35 / 100, S * 6 / 10}, S / 12, b, -1, cv::LINE_AA);
    cv::line(m, {S * 55 / 100, S / 2}, {S * 7 / 10, S * 7 / 10}, b, S / 25, cv::LINE_AA);
    const char *L = "ABCDEFGHKLMNPRSTWXZ";
    std::string t;
    for (int i = 0; i < 3; i++) {
        t += L[letter(rng)];
    }
    cv::putText(m, t, {S * 22 / 100, S * 85 / 100}, cv::FONT_HERSHEY_DUPLEX,
                S / 110.0, b, S / 60, cv::LINE_AA);
    return m;
}

/* Pastes logo into img (see the top of the file); returns its width as a
 * fraction of img's and stores its centre in *centre. */
float paste(std::mt19937 &rng, cv::Mat &img, const cv::Mat &logo, cv::Point2f *centre)
{
    std::uniform_real_distribution<float> U(0, 1);
    float frac = 0.08f + 0.32f * U(rng), angle = (U(rng) * 2 - 1) * 20;
    float W = frac * img.cols, s = W / logo.cols;
    float lw = (float)logo.cols, lh = (float)logo.rows;
    cv::Point2f src[4] = {{0, 0}, {lw, 0}, {lw, lh}, {0, lh}}, dst[4];
    float a = angle * (float)CV_PI / 180, ca = std::cos(a), sa = std::sin(a);
    float ox = W * 0.2f + U(rng) * std::max(1.0f, img.cols - W * 1.4f);
    float oy = W * 0.2f + U(rng) * std::max(1.0f, img.rows - W * 1.4f);
    for (int i = 0; i < 4; i++) {
        float x = src[i].x * s + (U(rng) - 0.5f) * 0.24f * W - W / 2;
        float y = src[i].y * s + (U(rng) - 0.5f) * 0.24f * W - W / 2;
        dst[i] = {ox + W / 2 + x * ca - y * sa, oy + W / 2 + x * sa + y * ca};
    }
    cv::Mat H = cv::getPerspectiveTransform(src, dst), warped, mask;
    std::vector<cv::Point2f> mid{{lw / 2, lh / 2}}, at;
    cv::perspectiveTransform(mid, at, H);
    *centre = at[0];
    cv::warpPerspective(logo, warped, H, img.size(), cv::INTER_AREA);
    cv::Mat keep(logo.size(), CV_8U, cv::Scalar(255));
    int side = std::uniform_int_distribution<int>(0, 3)(rng);
    int hide = (int)(U(rng) * 0.25f * logo.cols);
    if (hide > 0) {
        cv::Rect r = side == 0 ? cv::Rect(0, 0, hide, logo.rows)
                   : side == 1 ? cv::Rect(0, 0, logo.cols, hide)
                   : side == 2 ? cv::Rect(logo.cols - hide, 0, hide, logo.rows)
                               : cv::Rect(0, logo.rows - hide, logo.cols, hide);
        keep(r).setTo(0);
    }
    cv::warpPerspective(keep, mask, H, img.size(), cv::INTER_NEAREST);
    warped.copyTo(img, mask);
    return frac;
}

/* img (RGB) as a JPEG of quality q, in *buf (free with tjFree) and *n. */
void jpeg_encode(const cv::Mat &img, int q, unsigned char **buf, unsigned long *n)
{
    tjhandle tj = tjInitCompress();
    *buf = nullptr;
    *n = 0;
    tjCompress2(tj, img.data, img.cols, 0, img.rows, TJPF_RGB, buf, n, TJSAMP_420, q, 0);
    tjDestroy(tj);
}

/* Writes img to path as a JPEG of quality q; false when it cannot. */
bool jpeg_write(const std::string &path, const cv::Mat &img, int q)
{
    unsigned char *buf;
    unsigned long n;
    jpeg_encode(img, q, &buf, &n);
    FILE *f = fopen(path.c_str(), "wb");
    bool ok = f && buf && fwrite(buf, 1, n, f) == n;
    ok = f && fclose(f) == 0 && ok;
    tjFree(buf);
    return ok;
}

/* JPEG-compresses img at quality q and decodes it as the helper decodes a
 * file: at the thumbnail's size and, when big is not NULL, at
 * PC_VISION_DETAIL_SIDE into *big. */
cv::Mat jpeg_round_trip(const cv::Mat &img, int q, cv::Mat *big)
{
    unsigned char *buf;
    unsigned long n;
    jpeg_encode(img, q, &buf, &n);
    pc_vision_image out;
    cv::Mat back;
    if (pc_vision_decode(buf, n, PC_VISION_MAX_THUMB, &out, nullptr) == PC_OK) {
        back = cv::Mat((int)out.height, (int)out.width, CV_8UC3, out.rgb).clone();
        pc_vision_image_free(&out);
    }
    if (big && pc_vision_decode(buf, n, PC_VISION_DETAIL_SIDE, &out, nullptr) == PC_OK) {
        *big = cv::Mat((int)out.height, (int)out.width, CV_8UC3, out.rgb).clone();
        pc_vision_image_free(&out);
    }
    tjFree(buf);
    return back;
}

cv::Mat load(const char *path)
{
    FILE *f = fopen(path, "rb");
    std::vector<uint8_t> data;
    if (f) {
        fseek(f, 0, SEEK_END);
        data.resize((size_t)ftell(f));
        fseek(f, 0, SEEK_SET);
        if (fread(data.data(), 1, data.size(), f) != data.size()) {
            data.clear();
        }
        fclose(f);
    }
    pc_vision_image img;
    if (data.empty() ||
        pc_vision_decode(data.data(), data.size(), 768, &img, nullptr) != PC_OK) {
        return cv::Mat();
    }
    cv::Mat m = cv::Mat((int)img.height, (int)img.width, CV_8UC3, img.rgb).clone();
    pc_vision_image_free(&img);
    return m;
}

/* Each path's shortest tail of whole components that no other path ends
 * with (Garden.jpg; Autumn/contents/images/1280x1024.jpg where many
 * wallpapers share a file name). */
std::vector<std::string> short_names(const std::vector<std::string> &paths)
{
    auto tail = [](const std::string &p, int parts) {
        size_t at = p.size();
        for (int i = 0; i < parts && at != std::string::npos && at > 0; i++) {
            at = p.find_last_of('/', at - 1);
        }
        return at == std::string::npos ? p : p.substr(at + 1);
    };
    std::vector<std::string> out;
    for (const std::string &p : paths) {
        int parts = 1;
        for (;; parts++) {
            std::string t = tail(p, parts);
            int same = 0;
            for (const std::string &q : paths) {
                same += q.size() >= t.size() + 1 &&
                        q.compare(q.size() - t.size() - 1, std::string::npos, "/" + t) == 0;
            }
            if (same <= 1 || t == p) {
                break;
            }
        }
        out.push_back(tail(p, parts));
    }
    return out;
}

/* --write (see the top of the file). */
int write_images(const std::string &dir, unsigned seed, int n, const std::vector<cv::Mat> &photos)
{
    std::mt19937 rng(seed);
    cv::Mat logo = draw_logo(rng);
    if (!jpeg_write(dir + "/logo.jpg", logo, 95)) {
        perror((dir + "/logo.jpg").c_str());
        return 1;
    }
    for (int i = 0; i < n; i++) {
        cv::Mat img = photos[(size_t)i % photos.size()].clone();
        cv::Point2f centre;
        paste(rng, img, logo, &centre);
        int q = std::uniform_int_distribution<int>(50, 90)(rng);
        if (!jpeg_write(dir + "/photo-" + std::to_string(i) + ".jpg", img, q)) {
            perror(dir.c_str());
            return 1;
        }
    }
    return 0;
}

/* Counts by photo: a pair of counts for each photo's name. */
using photo_counts = std::map<std::string, std::pair<int, int>>;

/* Adds from's counts into to's, photo by photo. */
void add_counts(photo_counts &to, const photo_counts &from)
{
    for (const auto &p : from) {
        to[p.first].first += p.second.first;
        to[p.first].second += p.second.second;
    }
}

/* One seed's run: npos photos with a pasted logo, nneg without. */
struct tally {
    int found = 0, pos = 0, small_found = 0, small = 0, false_hits = 0, neg = 0;
    int mid_found = 0, mid = 0; /* logos 15-25% of the width (small: 8-15%) */
    int false_by_keypoints = 0; /* false hits the keypoint vote made */
    int false_by_close = 0;     /* false hits the close-up vote made */
    double wall_ms = 0, cpu_ms = 0;
    photo_counts by_photo;
    photo_counts false_by_photo; /* false hits, photos */

    void add(const tally &t)
    {
        found += t.found;
        pos += t.pos;
        small_found += t.small_found;
        small += t.small;
        mid_found += t.mid_found;
        mid += t.mid;
        false_by_close += t.false_by_close;
        false_hits += t.false_hits;
        false_by_keypoints += t.false_by_keypoints;
        neg += t.neg;
        wall_ms += t.wall_ms;
        cpu_ms += t.cpu_ms;
        add_counts(by_photo, t.by_photo);
        add_counts(false_by_photo, t.false_by_photo);
    }
};

/* The places --scores verifies and writes for each image: the 8 the
 * finder verifies (TOP_K in host/vision/logos.cpp). */
const size_t SCORE_PLACES = 8;

/* Writes the line --scores asks for (see the top of the file). */
void write_scores(FILE *out, unsigned seed, bool pos, float frac, cv::Point2f centre,
                  int width, const std::string &photo, const pc_vision_logo *l,
                  const pc_vision_scene *s)
{
    pc_vision_logo_place p[SCORE_PLACES];
    size_t n = 0;
    int inliers = 0;
    pc_vision_logo_places(l, s, p, SCORE_PLACES, &n, &inliers, nullptr);
    fprintf(out, "%u %s %.3f %.1f %.1f %d %s %d", seed, pos ? "pos" : "neg", frac, centre.x,
            centre.y, width, photo.c_str(), inliers);
    for (size_t i = 0; i < n; i++) {
        fprintf(out, " %.1f %.1f %.1f", p[i].x, p[i].y, p[i].w);
        for (int k = 0; k < PC_LOGO_F_COUNT; k++) {
            fprintf(out, " %.4f", p[i].f[k]);
        }
    }
    fputc('\n', out);
}

tally run_seed(unsigned seed, int npos, int nneg, const std::vector<cv::Mat> &photos,
               const std::vector<std::string> &names, FILE *scores, bool detail)
{
    std::mt19937 rng(seed);
    tally t;
    for (int i = 0; i < npos + nneg; i++) {
        bool pos = i < npos;
        size_t k = (size_t)i % photos.size();
        cv::Mat logo = draw_logo(rng), img = photos[k].clone();
        cv::Point2f centre(0, 0);
        float frac = pos ? paste(rng, img, logo, &centre) : 0;
        int q = std::uniform_int_distribution<int>(50, 90)(rng);
        cv::Mat big;
        cv::Mat seen = jpeg_round_trip(img, q, detail ? &big : nullptr);
        pc_vision_logo *l = pc_vision_logo_new(logo.data, (unsigned)logo.cols,
                                               (unsigned)logo.rows, nullptr);
        int64 t0 = cv::getTickCount();
        std::clock_t c0 = std::clock();
        pc_vision_scene *s = pc_vision_scene_new_detailed(
            seen.data, (unsigned)seen.cols, (unsigned)seen.rows,
            big.empty() ? nullptr : big.data, (unsigned)big.cols, (unsigned)big.rows, nullptr);
        pc_vision_logo_vote v{};
        if (scores) {
            float z = (float)seen.cols / img.cols;
            write_scores(scores, seed, pos, frac, centre * z, seen.cols, names[k], l, s);
        } else {
            pc_vision_logo_find(l, s, &v, nullptr);
        }
        t.cpu_ms += (double)(std::clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
        t.wall_ms += (cv::getTickCount() - t0) * 1000.0 / cv::getTickFrequency();
        pc_vision_scene_free(s);
        pc_vision_logo_free(l);
        if (pos) {
            auto &bp = t.by_photo[names[k]];
            bp.second++;
            bp.first += v.found;
            t.pos++;
            t.found += v.found;
            if (frac < 0.15f) {
                t.small++;
                t.small_found += v.found;
            } else if (frac < 0.25f) {
                t.mid++;
                t.mid_found += v.found;
            }
        } else {
            t.neg++;
            t.false_hits += v.found;
            auto &fp = t.false_by_photo[names[k]];
            fp.first += v.found;
            fp.second++;
            if (v.found) {
                printf("logos: false hit, seed %u, photo %d (%s), template score %.3f, close-up "
                       "inliers %d\n",
                       seed, i, names[k].c_str(), v.template_score, v.close_inliers);
            }
            /* The template vote runs only when the keypoint vote did not
             * find the logo (its score is then -1), the close-up vote only
             * when no proposed place verified. */
            t.false_by_keypoints += v.found && v.template_score < 0 && v.close_inliers == 0;
            t.false_by_close += v.found && v.close_inliers > 0;
        }
    }
    return t;
}

void print(const char *what, const tally &t)
{
    int runs = t.pos + t.neg;
    printf("logos %s: found %d/%d pasted logos (recall %.3f; aim >= 0.90; at 8-15%% width "
           "%d/%d, 15-25%% %d/%d, 25-40%% %d/%d), %d false hits in %d photos without the logo "
           "(%.1f in 50; aim <= 1 in 50; %d by the keypoint vote, %d by the close-up vote); "
           "%.1f ms CPU, %.1f ms wall a 384-px image and logo (one thread)\n",
           what, t.found, t.pos, t.pos ? (double)t.found / t.pos : 0.0, t.small_found,
           t.small, t.mid_found, t.mid, t.found - t.small_found - t.mid_found,
           t.pos - t.small - t.mid, t.false_hits, t.neg,
           t.neg ? 50.0 * t.false_hits / t.neg : 0.0, t.false_by_keypoints, t.false_by_close,
           runs ? t.cpu_ms / runs : 0.0, runs ? t.wall_ms / runs : 0.0);
}

} // namespace

int main(int argc, char **argv)
{
    FILE *scores = nullptr;
    std::string write_dir;
    bool detail = argc > 1 && std::string(argv[1]) == "--detail";
    if (detail) {
        argv++;
        argc--;
    }
    if (argc > 2 && std::string(argv[1]) == "--write") {
        write_dir = argv[2];
        argv += 2;
        argc -= 2;
    } else if (argc > 2 && std::string(argv[1]) == "--scores") {
        scores = fopen(argv[2], "w");
        if (!scores) {
            perror(argv[2]);
            return 2;
        }
        argv += 2;
        argc -= 2;
    }
    int first_photo = write_dir.empty() ? 4 : 3;
    if (argc <= first_photo) {
        fprintf(stderr, "usage: pc_logo_bench [--detail] [--scores FILE] SEED[,SEED...] POSITIVES "
                        "NEGATIVES PHOTO...\n       pc_logo_bench --write DIR SEED N PHOTO...\n");
        return 2;
    }
    cv::setNumThreads(1); /* as the helper runs (faces.cpp) */
    int npos = atoi(argv[2]), nneg = atoi(argv[3]);
    std::vector<cv::Mat> photos;
    std::vector<std::string> names;
    for (int i = first_photo; i < argc; i++) {
        cv::Mat m = load(argv[i]);
        if (!m.empty()) {
            photos.push_back(m);
            names.push_back(argv[i]);
        }
    }
    if (photos.empty()) {
        return 1;
    }
    names = short_names(names);
    if (!write_dir.empty()) {
        return write_images(write_dir, (unsigned)std::stoul(argv[1]), atoi(argv[2]), photos);
    }
    tally all;
    std::string seeds = argv[1];
    int n_seeds = 0;
    for (size_t at = 0; at < seeds.size();) {
        size_t end = seeds.find(',', at);
        std::string one = seeds.substr(at, end == std::string::npos ? std::string::npos : end - at);
        tally t = run_seed((unsigned)std::stoul(one), npos, nneg, photos, names, scores, detail);
        if (scores) {
            fflush(scores);
        } else {
            print(("seed " + one).c_str(), t);
        }
        fflush(stdout);
        all.add(t);
        n_seeds++;
        at = end == std::string::npos ? seeds.size() : end + 1;
    }
    if (scores) {
        fclose(scores);
        return 0;
    }
    if (n_seeds > 1) {
        print(("seeds " + seeds).c_str(), all);
    }
    printf("logos: recall by background photo (seeds %s):\n", seeds.c_str());
    for (const auto &p : all.by_photo) {
        printf("logos:   %-32s %d/%d\n", p.first.c_str(), p.second.first, p.second.second);
    }
    printf("logos: false hits by background photo, where any (seeds %s):\n", seeds.c_str());
    for (const auto &p : all.false_by_photo) {
        if (p.second.first) {
            printf("logos:   %-32s %d in %d\n", p.first.c_str(), p.second.first,
                   p.second.second);
        }
    }
    return 0;
}
