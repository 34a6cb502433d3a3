/* logos.cpp: the C++ shim's logo finder (vision.h): a pack's logo image
 * found inside a photo, at 8-40% of its width, turned up to 20 degrees,
 * tilted, partly hidden, JPEG-compressed. Two votes:
 *  - keypoints: SIFT (OpenCV 4.6 features2d) on the logo (256 px) and the
 *    photo, Lowe's ratio test, a RANSAC homography; the logo's rectangle
 *    mapped through it must stay convex and cover 0.2-50% of the photo;
 *    at least KEY_MATCHES matches of which KEY_INLIERS are inliers. Sure
 *    when it fires, but a logo under about 15% of a 384-px photo's width
 *    has too few keypoints.
 *  - templates, proposed then verified: the logo's colour image at widths
 *    from MIN_W to MAX_W pixels (of the 384-px photo, steps of STEP_W),
 *    turned -20..20 degrees in 10-degree steps, each with a mask of its
 *    own pixels, is matched (masked TM_CCOEFF_NORMED) against the photo at
 *    half resolution; the TOP_K best places, ranked by how far each
 *    stands above its own map's mean (in standard deviations), are then
 *    refined to a homography by ECC (cv::findTransformECC, OpenCV's video
 *    module) on the grey photo at full resolution, and the photo's pixels
 *    under it are compared with the logo's colours: the colour NCC of the
 *    whole logo must reach VERIFY_WHOLE and the median, over the cells of
 *    a 4x4 grid that are not flat, of each cell's normalised
 *    cross-correlation must reach VERIFY. The refinement takes the tilt
 *    the fixed angles miss; the check asks that most of the logo's detail be there
 *    in its colours, which a look-alike blob fails and a logo partly
 *    hidden passes.
 * Either vote finds the logo. Thresholds were set on the dev seeds of the
 * seeded benchmark (tests/bench/vision, docs/VISION.md; swept with
 * tests/bench/logo_sweep.py over 600 photos without the logo) well under
 * 1 false hit in 50; other seeds are the figures reported.
 * Nothing throws across the C header. */
#include <algorithm>
#include <cmath>
#include <exception>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

#include "postcheck/vision.h"

namespace {

const int LOGO_SIDE = 256;
const int KEY_MATCHES = 8; /* matches passing the ratio test, at least */
const int KEY_INLIERS = 6; /* of which the homography keeps at least */
/* Template widths, in pixels of the (at most 384-px) photo. */
const double MIN_W = 26, MAX_W = 170, STEP_W = 1.15;
const int ANGLE_MAX = 20, ANGLE_STEP = 10;
const int PER_MAP = 2;   /* places taken from each template's map */
const int TOP_K = 8;     /* places verified */
const int CELLS = 4;          /* the verifying grid */
const double FLAT_CELL = 15; /* a cell whose channels' SDs sum under this
                                is flat: it says nothing */
/* The verifying check: a place passes when both reach their threshold. */
const double VERIFY = 0.78;        /* median cell NCC */
const double VERIFY_WHOLE = 0.70;  /* whole-logo colour NCC */

cv::Ptr<cv::SIFT> &sift()
{
    static cv::Ptr<cv::SIFT> s = cv::SIFT::create();
    return s;
}

/* One template of the bank: the logo at width w (full resolution),
 * turned by angle, stored at half resolution with its mask. */
struct tmpl {
    double w;
    int angle;
    cv::Mat img, mask;
};

/* A place to verify: centre and width at full resolution. */
struct cand {
    double score, x, y, w;
    int angle;
};

} // namespace

struct pc_vision_logo {
    cv::Mat grey, rgb;  /* LOGO_SIDE wide */
    std::vector<cv::KeyPoint> kp;
    cv::Mat desc;
    std::vector<tmpl> bank;
};

struct pc_vision_scene {
    cv::Mat grey, rgb, half_rgb;
    std::vector<cv::KeyPoint> kp;
    cv::Mat desc;
};

namespace {

/* t turned by angle degrees on a canvas that holds it all, and the mask
 * of its own pixels (eroded by one so the border's blend is left out). */
void turn(const cv::Mat &t, int angle, cv::Mat &out, cv::Mat &mask)
{
    cv::Point2f c(t.cols / 2.0f, t.rows / 2.0f);
    cv::Mat R = cv::getRotationMatrix2D(c, angle, 1.0);
    cv::Rect2f box = cv::RotatedRect(c, t.size(), (float)angle).boundingRect2f();
    R.at<double>(0, 2) += box.width / 2.0 - c.x;
    R.at<double>(1, 2) += box.height / 2.0 - c.y;
    cv::Size sz((int)std::ceil(box.width), (int)std::ceil(box.height));
    cv::warpAffine(t, out, R, sz, cv::INTER_AREA, cv::BORDER_CONSTANT, 0);
    cv::Mat ones(t.size(), CV_8U, cv::Scalar(255));
    cv::warpAffine(ones, mask, R, sz, cv::INTER_NEAREST, cv::BORDER_CONSTANT, 0);
    cv::erode(mask, mask, cv::Mat());
}

void build_bank(pc_vision_logo &l)
{
    for (double w = MIN_W; w <= MAX_W; w *= STEP_W) {
        int tw = std::max(8, (int)std::lround(w / 2));
        int th = std::max(8, (int)std::lround(tw * (double)l.rgb.rows / l.rgb.cols));
        cv::Mat t;
        cv::resize(l.rgb, t, cv::Size(tw, th), 0, 0, cv::INTER_AREA);
        for (int a = -ANGLE_MAX; a <= ANGLE_MAX; a += ANGLE_STEP) {
            tmpl x;
            x.w = w;
            x.angle = a;
            turn(t, a, x.img, x.mask);
            l.bank.push_back(x);
        }
    }
}

int keypoint_vote(const pc_vision_logo &l, const pc_vision_scene &s)
{
    if (l.desc.rows < 4 || s.desc.rows < 4) {
        return 0;
    }
    cv::BFMatcher bf(cv::NORM_L2);
    std::vector<std::vector<cv::DMatch>> knn;
    bf.knnMatch(l.desc, s.desc, knn, 2);
    std::vector<cv::Point2f> a, b;
    for (const auto &m : knn) {
        if (m.size() == 2 && m[0].distance < 0.8f * m[1].distance) {
            a.push_back(l.kp[m[0].queryIdx].pt);
            b.push_back(s.kp[m[0].trainIdx].pt);
        }
    }
    if (a.size() < (size_t)KEY_MATCHES) {
        return 0;
    }
    std::vector<unsigned char> inl;
    cv::Mat H = cv::findHomography(a, b, cv::RANSAC, 4.0, inl);
    if (H.empty()) {
        return 0;
    }
    float lw = (float)l.grey.cols, lh = (float)l.grey.rows;
    std::vector<cv::Point2f> sq{{0, 0}, {lw, 0}, {lw, lh}, {0, lh}}, q;
    cv::perspectiveTransform(sq, q, H);
    double area = cv::contourArea(q) / ((double)s.grey.cols * s.grey.rows);
    if (!cv::isContourConvex(q) || area < 0.002 || area > 0.5) {
        return 0;
    }
    return cv::countNonZero(inl);
}

/* The TOP_K best places of the bank's templates on the half-resolution
 * photo, each at least 0.3 widths from a better one. */
std::vector<cand> propose(const pc_vision_logo &l, const pc_vision_scene &s)
{
    std::vector<cand> all;
    for (const tmpl &t : l.bank) {
        if (t.img.cols >= s.half_rgb.cols || t.img.rows >= s.half_rgb.rows) {
            continue;
        }
        cv::Mat res;
        cv::matchTemplate(s.half_rgb, t.img, res, cv::TM_CCOEFF_NORMED, t.mask);
        /* A flat stretch under the mask gives NaN or +-inf: no place. */
        cv::patchNaNs(res, -1);
        cv::min(res, 1.0, res);
        cv::max(res, -1.0, res);
        cv::Scalar mean, sd;
        cv::meanStdDev(res, mean, sd);
        for (int k = 0; k < PER_MAP; k++) {
            double mx;
            cv::Point at;
            cv::minMaxLoc(res, nullptr, &mx, nullptr, &at);
            if (mx <= 0) {
                break;
            }
            all.push_back({(mx - mean[0]) / std::max(1e-3, sd[0]),
                           (at.x + t.img.cols / 2.0) * 2,
                           (at.y + t.img.rows / 2.0) * 2, t.w, t.angle});
            int r = std::max(2, t.img.cols / 2);
            cv::rectangle(res, cv::Rect(at.x - r, at.y - r, 2 * r + 1, 2 * r + 1),
                          cv::Scalar(-1), -1);
        }
    }
    std::sort(all.begin(), all.end(),
              [](const cand &a, const cand &b) { return a.score > b.score; });
    std::vector<cand> keep;
    for (const cand &c : all) {
        bool near = false;
        for (const cand &k : keep) {
            if (std::hypot(c.x - k.x, c.y - k.y) < 0.3 * std::min(c.w, k.w)) {
                near = true;
                break;
            }
        }
        if (!near) {
            keep.push_back(c);
        }
        if ((int)keep.size() == TOP_K) {
            break;
        }
    }
    return keep;
}

/* Normalised cross-correlation of a and b (same size, CV_8UC3), over all
 * three channels. */
double colour_ncc(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat fa, fb;
    a.convertTo(fa, CV_32F);
    b.convertTo(fb, CV_32F);
    fa -= cv::mean(fa);
    fb -= cv::mean(fb);
    double ab = fa.dot(fb), aa = fa.dot(fa), bb = fb.dot(fb);
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

/* The median colour NCC over the cells of a CELLS x CELLS grid of the
 * logo t that hold something (not one flat colour), between patch and t
 * (same size, CV_8UC3): most of the logo's detail must be there, in its
 * colours, wherever a part of it is hidden. */
double cell_score(const cv::Mat &patch, const cv::Mat &t)
{
    std::vector<double> v;
    for (int i = 0; i < CELLS; i++) {
        for (int j = 0; j < CELLS; j++) {
            cv::Rect r(j * t.cols / CELLS, i * t.rows / CELLS, t.cols / CELLS,
                       t.rows / CELLS);
            cv::Scalar mean, sd;
            cv::meanStdDev(t(r), mean, sd);
            if (sd[0] + sd[1] + sd[2] >= FLAT_CELL) {
                v.push_back(colour_ncc(patch(r), t(r)));
            }
        }
    }
    if (v.empty()) {
        return colour_ncc(patch, t);
    }
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

/* Refines place c to a homography with ECC and returns the colour match
 * of the photo's pixels under it: the whole logo's colour NCC and the
 * median cell NCC (cell_score), both -1 when ECC fails or the logo's
 * rectangle would not stay a sane shape. */
pc_vision_logo_place verify(const pc_vision_logo &l, const pc_vision_scene &s,
                            const cand &c)
{
    pc_vision_logo_place none = {-1, -1, 0, 0, 0};
    int tw = std::max(16, (int)std::lround(c.w));
    int th = std::max(16, (int)std::lround(tw * (double)l.grey.rows / l.grey.cols));
    cv::Mat t, trgb;
    cv::resize(l.grey, t, cv::Size(tw, th), 0, 0, cv::INTER_AREA);
    cv::resize(l.rgb, trgb, cv::Size(tw, th), 0, 0, cv::INTER_AREA);
    /* template (u, v) -> photo: centred on c, turned by the angle. */
    double a = c.angle * CV_PI / 180, ca = std::cos(a), sa = std::sin(a);
    cv::Mat H = (cv::Mat_<float>(3, 3) << ca, sa, 0, -sa, ca, 0, 0, 0, 1);
    H.at<float>(0, 2) = (float)(c.x - (ca * tw / 2 + sa * th / 2));
    H.at<float>(1, 2) = (float)(c.y - (-sa * tw / 2 + ca * th / 2));
    try {
        cv::findTransformECC(t, s.grey, H, cv::MOTION_HOMOGRAPHY,
                             cv::TermCriteria(cv::TermCriteria::COUNT |
                                              cv::TermCriteria::EPS, 40, 1e-4),
                             cv::noArray(), 3);
    } catch (const cv::Exception &) {
        return none; /* did not converge: not this place */
    }
    std::vector<cv::Point2f> sq{{0, 0}, {(float)tw, 0}, {(float)tw, (float)th},
                                {0, (float)th}}, q;
    cv::Mat Hd;
    H.convertTo(Hd, CV_64F);
    cv::perspectiveTransform(sq, q, Hd);
    double area = cv::contourArea(q);
    if (!cv::isContourConvex(q) || area < 0.4 * tw * th || area > 2.5 * tw * th) {
        return none;
    }
    cv::Mat patch;
    cv::warpPerspective(s.rgb, patch, H, trgb.size(),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
    return {(float)colour_ncc(patch, trgb), (float)cell_score(patch, trgb), 0, 0, 0};
}

bool passes(const pc_vision_logo_place &p)
{
    return p.cell >= VERIFY && p.whole >= VERIFY_WHOLE;
}

cv::Mat grey_of(const cv::Mat &rgb)
{
    cv::Mat g;
    cv::cvtColor(rgb, g, cv::COLOR_RGB2GRAY);
    return g;
}

} // namespace

extern "C" pc_vision_logo *pc_vision_logo_new(const uint8_t *rgb, unsigned w,
                                              unsigned h, pc_error *err)
{
    pc_vision_logo *l = nullptr;
    try {
        l = new pc_vision_logo;
        cv::Mat img((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb));
        int lh = std::max(1, (int)(LOGO_SIDE * (double)h / w));
        cv::resize(img, l->rgb, cv::Size(LOGO_SIDE, lh), 0, 0, cv::INTER_AREA);
        l->grey = grey_of(l->rgb);
        sift()->detectAndCompute(l->grey, cv::noArray(), l->kp, l->desc);
        build_bank(*l);
        return l;
    } catch (const std::exception &e) {
        delete l;
        pc_error_set(err, PC_ERR_INTERNAL, "logo: %s", e.what());
        return nullptr;
    }
}

extern "C" void pc_vision_logo_free(pc_vision_logo *l)
{
    delete l;
}

extern "C" pc_vision_scene *pc_vision_scene_new(const uint8_t *rgb,
                                                unsigned w, unsigned h,
                                                pc_error *err)
{
    pc_vision_scene *s = nullptr;
    try {
        s = new pc_vision_scene;
        s->rgb = cv::Mat((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb)).clone();
        s->grey = grey_of(s->rgb);
        cv::resize(s->rgb, s->half_rgb, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
        sift()->detectAndCompute(s->grey, cv::noArray(), s->kp, s->desc);
        return s;
    } catch (const std::exception &e) {
        delete s;
        pc_error_set(err, PC_ERR_INTERNAL, "scene: %s", e.what());
        return nullptr;
    }
}

extern "C" void pc_vision_scene_free(pc_vision_scene *s)
{
    delete s;
}

extern "C" pc_status pc_vision_logo_find(const pc_vision_logo *l,
                                         const pc_vision_scene *s,
                                         pc_vision_logo_vote *vote,
                                         pc_error *err)
{
    try {
        vote->inliers = keypoint_vote(*l, *s);
        float best = -1;
        bool found = false;
        if (vote->inliers < KEY_INLIERS) {
            for (const cand &c : propose(*l, *s)) {
                pc_vision_logo_place p = verify(*l, *s, c);
                best = std::max(best, p.cell);
                if (passes(p)) {
                    found = true;
                    best = p.cell;
                    break;
                }
            }
        }
        vote->template_score = best;
        vote->found = vote->inliers >= KEY_INLIERS || found;
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "logo: %s", e.what());
    }
}

extern "C" pc_status pc_vision_logo_places(const pc_vision_logo *l,
                                           const pc_vision_scene *s,
                                           pc_vision_logo_place *place,
                                           size_t max, size_t *n, int *inliers,
                                           pc_error *err)
{
    try {
        *inliers = keypoint_vote(*l, *s);
        *n = 0;
        for (const cand &c : propose(*l, *s)) {
            if (*n == max) {
                break;
            }
            pc_vision_logo_place p = verify(*l, *s, c);
            p.x = (float)c.x;
            p.y = (float)c.y;
            p.w = (float)c.w;
            place[(*n)++] = p;
        }
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "logo: %s", e.what());
    }
}
