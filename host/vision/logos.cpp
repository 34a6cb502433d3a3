/* logos.cpp: the C++ shim's logo finder (vision.h): a pack's logo image
 * found inside a photo, at 8-40% of its width, turned up to 20 degrees,
 * tilted, partly hidden, JPEG-compressed. Two votes:
 *  - keypoints: SIFT (OpenCV 4.6 features2d) on the logo (256 px) and the
 *    photo, Lowe's ratio test, a RANSAC homography; the logo's rectangle
 *    mapped through it must stay convex and cover 0.2-50% of the photo;
 *    at least KEY_MATCHES matches of which KEY_INLIERS are inliers. Sure
 *    when it fires. The photo's keypoints are taken on its larger copy
 *    when it has one (an image file's 768-px decode), else on the photo
 *    enlarged KEY_UPSCALE times (KEY_INLIERS_UP inliers then): at 384 px
 *    a logo under about 15% of the width has too few keypoints.
 *  - templates, proposed then verified: the logo's colour image at widths
 *    from MIN_W to MAX_W pixels (of the 384-px photo, steps of STEP_W),
 *    turned -20..20 degrees in 10-degree steps, each with a mask of its
 *    own pixels, is matched (masked normalised cross-correlation, as
 *    cv::matchTemplate's masked TM_CCOEFF_NORMED, but from DFTs of the
 *    photo made once: masked_ncc) against the photo at half resolution;
 *    the TOP_K best places, ranked by how far each stands above its own
 *    map's mean (in standard deviations), are then verified one by one
 *    (logo_verify.cpp: refined by ECC, measured against the logo, scored).
 *  - close-ups: when no proposed place verifies, each of them is looked
 *    at closer with keypoints: the photo around the place, in the logo's
 *    colour axis (the direction its inside's colours vary most, not grey:
 *    a logo whose marks differ from its shape in hue but not in
 *    brightness has no keypoints in grey), enlarged so the place is
 *    CLOSE_SIDE pixels wide, against the logo drawn at the place's width
 *    and enlarged the same way (so both are as blurred); Lowe's ratio
 *    test, a RANSAC homography that must map the logo's rectangle to a
 *    convex shape of the place's size, centred on it, with at least
 *    CLOSE_INLIERS inliers (close_vote).
 * Any vote finds the logo. This file holds the logo's and the photo's
 * preparation, the keypoint vote, the proposals and the C entry points.
 * Nothing throws across the C header. */
#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include "logos_int.hpp"

using namespace pc_logo;

namespace {

const int LOGO_SIDE = 256;
const int KEY_MATCHES = 8; /* matches passing the ratio test, at least */
const int KEY_INLIERS = 6; /* of which the homography keeps at least */
/* With no larger copy of the photo (the browser's thumbnail), the
 * keypoints are taken on the photo enlarged this much (bicubic): SIFT then
 * reaches the scale of a logo 30-60 px wide (8-15% of 384 px). The
 * enlarged photo gives more keypoints, and a logo made of the same shapes
 * as the one looked for reached 6 inliers there (test_logo_find), so the
 * homography must then keep KEY_INLIERS_UP. */
const double KEY_UPSCALE = 1.5;
const int KEY_INLIERS_UP = 8;
/* Template widths, in pixels of the (at most 384-px) photo. */
const double MIN_W = 26, MAX_W = 170, STEP_W = 1.15;
const int ANGLE_MAX = 20, ANGLE_STEP = 10;
const int PER_MAP = 2;   /* places taken from each template's map */
const int TOP_K = 8;     /* places verified */
/* The close-up vote (close_vote): the place enlarged (or shrunk) to this
 * width; the photo taken within CLOSE_REACH place widths of its centre;
 * the logo's rectangle mapped within CLOSE_NEAR place widths of it, its
 * area 0.4-2.5 times the place's; at least CLOSE_INLIERS inliers (on the
 * dev lines, photos without the logo gave at most 3 and the logos it
 * found 8-35: docs/VISION.md). */
const double CLOSE_SIDE = 96;
const double CLOSE_REACH = 0.8;
const double CLOSE_NEAR = 0.3;
const int CLOSE_INLIERS = 8;

cv::Ptr<cv::SIFT> &sift()
{
    static cv::Ptr<cv::SIFT> s = cv::SIFT::create();
    return s;
}

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

/* t's channels less their means under its mask, 0 outside it, and the
 * mask as 0 and 1 (CV_32F; made when matched rather than kept, as a
 * helper keeps up to 32 logos' banks). */
void deviations(const tmpl &t, cv::Mat dev[3], cv::Mat &ones)
{
    std::vector<cv::Mat> ch;
    cv::split(t.img, ch);
    t.mask.convertTo(ones, CV_32F, 1.0 / 255);
    for (int c = 0; c < 3; c++) {
        ch[c].convertTo(dev[c], CV_32F, 1, -t.mean[c]);
        dev[c] = dev[c].mul(ones);
    }
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
            x.mean = cv::mean(x.img, x.mask);
            x.n = cv::countNonZero(x.mask);
            cv::Mat dev[3], ones;
            deviations(x, dev, ones);
            for (const cv::Mat &d : dev) {
                x.dev2 += d.dot(d);
            }
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
    double area = cv::contourArea(q) / s.kp_area;
    if (!cv::isContourConvex(q) || area < 0.002 || area > 0.5) {
        return 0;
    }
    return cv::countNonZero(inl);
}

/* rgb (CV_8UC3) along logo l's colour axis (CV_8U). */
cv::Mat along_axis(const pc_vision_logo &l, const cv::Mat &rgb)
{
    cv::Mat f, out;
    rgb.convertTo(f, CV_32F);
    cv::transform(f, f, l.axis);
    f.convertTo(out, CV_8U, 1, l.axis_off);
    return out;
}

/* The close-up vote at place c (see the top of the file): the inliers of
 * the homography from the logo drawn at c's width to the photo around c,
 * both enlarged so c is CLOSE_SIDE pixels wide; 0 when it is not a sane
 * shape, size and place. */
int close_vote(const pc_vision_logo &l, const pc_vision_scene &s, const cand &c)
{
    double k = CLOSE_SIDE / c.w, r = CLOSE_REACH * c.w;
    cv::Rect box((int)std::floor(c.x - r), (int)std::floor(c.y - r), (int)std::ceil(2 * r),
                 (int)std::ceil(2 * r));
    box &= cv::Rect(0, 0, s.rgb.cols, s.rgb.rows);
    if (box.width < 8 || box.height < 8) {
        return 0;
    }
    cv::Mat up;
    cv::resize(along_axis(l, s.rgb(box)), up, cv::Size(), k, k, cv::INTER_CUBIC);
    std::vector<cv::KeyPoint> kp, lkp;
    cv::Mat desc, ldesc;
    sift()->detectAndCompute(up, cv::noArray(), kp, desc);
    /* the logo as the photo shows it at c's width, enlarged the same way */
    double lw = CLOSE_SIDE, lh = std::max(8.0, std::round(CLOSE_SIDE * l.rgb.rows / l.rgb.cols));
    int sw = std::max(8, (int)std::lround(c.w));
    int sh = std::max(1, (int)std::lround(sw * lh / lw));
    cv::Mat small, logo;
    cv::resize(along_axis(l, l.rgb), small, cv::Size(sw, sh), 0, 0, cv::INTER_AREA);
    cv::resize(small, logo, cv::Size((int)lw, (int)lh), 0, 0, cv::INTER_CUBIC);
    sift()->detectAndCompute(logo, cv::noArray(), lkp, ldesc);
    if (ldesc.rows < 4 || desc.rows < 4) {
        return 0;
    }
    cv::BFMatcher bf(cv::NORM_L2);
    std::vector<std::vector<cv::DMatch>> knn;
    bf.knnMatch(ldesc, desc, knn, 2);
    std::vector<cv::Point2f> a, b;
    for (const auto &m : knn) {
        if (m.size() == 2 && m[0].distance < 0.8f * m[1].distance) {
            a.push_back(lkp[m[0].queryIdx].pt);
            b.push_back(kp[m[0].trainIdx].pt);
        }
    }
    if (a.size() < 4) {
        return 0;
    }
    std::vector<unsigned char> inl;
    cv::Mat H = cv::findHomography(a, b, cv::RANSAC, 4.0, inl);
    if (H.empty()) {
        return 0;
    }
    std::vector<cv::Point2f> sq{{0, 0}, {(float)lw, 0}, {(float)lw, (float)lh}, {0, (float)lh}},
        q;
    cv::perspectiveTransform(sq, q, H);
    if (!cv::isContourConvex(q)) {
        return 0;
    }
    /* back in the photo's pixels */
    double area = cv::contourArea(q) / (k * k), want = c.w * c.w * lh / lw;
    cv::Point2f m = (q[0] + q[1] + q[2] + q[3]) * 0.25f;
    double mx = m.x / k + box.x, my = m.y / k + box.y;
    if (area < 0.4 * want || area > 2.5 * want ||
        std::hypot(mx - c.x, my - c.y) > CLOSE_NEAR * c.w) {
        return 0;
    }
    return cv::countNonZero(inl);
}

/* l's colour axis (pc_vision_logo): the first principal component of the
 * colours of its inside (of all its pixels when it has no inside),
 * scaled so the logo spans 0-255 along it. */
void colour_axis(pc_vision_logo &l)
{
    bool all = cv::countNonZero(l.inside) < 16;
    std::vector<cv::Vec3f> px;
    for (int y = 0; y < l.rgb.rows; y++) {
        for (int x = 0; x < l.rgb.cols; x++) {
            if (all || l.inside.at<uchar>(y, x)) {
                cv::Vec3b v = l.rgb.at<cv::Vec3b>(y, x);
                px.push_back(cv::Vec3f(v[0], v[1], v[2]));
            }
        }
    }
    cv::PCA pca(cv::Mat((int)px.size(), 3, CV_32F, px.data()), cv::noArray(),
                cv::PCA::DATA_AS_ROW, 1);
    cv::Matx13f v(pca.eigenvectors.at<float>(0, 0), pca.eigenvectors.at<float>(0, 1),
                  pca.eigenvectors.at<float>(0, 2));
    cv::Mat p;
    l.rgb.convertTo(p, CV_32F);
    cv::transform(p, p, v);
    double lo, hi;
    cv::minMaxLoc(p, &lo, &hi);
    double scale = hi > lo ? 255.0 / (hi - lo) : 1;
    l.axis = v * (float)scale;
    l.axis_off = (float)(-lo * scale);
}

/* a padded with zeros to size, as a DFT (CCS-packed). */
cv::Mat spectrum(const cv::Mat &a, cv::Size size)
{
    cv::Mat p = cv::Mat::zeros(size, CV_32F);
    a.copyTo(p(cv::Rect(0, 0, a.cols, a.rows)));
    cv::dft(p, p, 0, a.rows);
    return p;
}

/* The first rows x cols of the inverse DFT of a times b's conjugate: the
 * cross-correlation of the two (a the photo's, b a template's). */
cv::Mat correlate(const cv::Mat &a, const cv::Mat &b, int rows, int cols)
{
    cv::Mat c;
    cv::mulSpectrums(a, b, c, 0, true);
    cv::dft(c, c, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT, rows);
    return c(cv::Rect(0, 0, cols, rows));
}

/* Masked normalised cross-correlation (what cv::matchTemplate's
 * TM_CCOEFF_NORMED computes with a mask: each channel's mean under the
 * mask taken away from the template and from each window of the photo,
 * the channels summed) of t over the half-resolution photo, from the
 * photo's DFTs made once (pc_vision_scene) rather than again for every
 * template and every sum: 4 forward and 5 inverse DFTs a template. A
 * window whose pixels under the mask are (nearly) one colour has no
 * correlation: -1 there. */
cv::Mat masked_ncc(const pc_vision_scene &s, const tmpl &t)
{
    int rows = s.half_rgb.rows - t.img.rows + 1, cols = s.half_rgb.cols - t.img.cols + 1;
    cv::Mat dev[3], ones;
    deviations(t, dev, ones);
    cv::Mat num, m = spectrum(ones, s.dft_size);
    for (int c = 0; c < 3; c++) {
        cv::Mat d = spectrum(dev[c], s.dft_size), p;
        cv::mulSpectrums(s.spec[c], d, p, 0, true);
        num = c ? num + p : p;
    }
    cv::dft(num, num, cv::DFT_INVERSE | cv::DFT_SCALE | cv::DFT_REAL_OUTPUT, rows);
    num = num(cv::Rect(0, 0, cols, rows));
    /* the sum over the channels of each window's squared deviations
     * under the mask: sum of squares less each channel's sum squared
     * over n */
    cv::Mat var = correlate(s.spec[3], m, rows, cols).clone();
    for (int c = 0; c < 3; c++) {
        cv::Mat s1 = correlate(s.spec[c], m, rows, cols);
        var -= s1.mul(s1) / t.n;
    }
    cv::Mat flat = var < t.n; /* under 1 grey level squared a pixel */
    cv::Mat res;
    cv::max(var, 1e-6, var);
    cv::sqrt(var * t.dev2, var);
    cv::divide(num, var, res);
    res.setTo(-1, flat);
    cv::min(res, 1.0, res);
    cv::max(res, -1.0, res);
    return res;
}

/* The k best places of the bank's templates on the half-resolution
 * photo, each at least 0.3 widths from a better one. */
std::vector<cand> propose(const pc_vision_logo &l, const pc_vision_scene &s, size_t k)
{
    std::vector<cand> all;
    for (const tmpl &t : l.bank) {
        if (t.img.cols >= s.half_rgb.cols || t.img.rows >= s.half_rgb.rows) {
            continue;
        }
        cv::Mat res = masked_ncc(s, t);
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
        if (keep.size() == k) {
            break;
        }
    }
    return keep;
}

cv::Mat grey_of(const cv::Mat &rgb)
{
    cv::Mat g;
    cv::cvtColor(rgb, g, cv::COLOR_RGB2GRAY);
    return g;
}

/* Runs body for a C entry point, so nothing throws across the C header:
 * an exception (OpenCV's, or no memory) becomes PC_ERR_INTERNAL in err,
 * as "what: its text". Returns PC_OK when body returned. */
template <typename Body>
pc_status at_c_edge(const char *what, pc_error *err, Body body)
{
    try {
        body();
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "%s: %s", what, e.what());
    }
}

} // namespace

extern "C" pc_vision_logo *pc_vision_logo_new(const uint8_t *rgb, unsigned w,
                                              unsigned h, pc_error *err)
{
    std::unique_ptr<pc_vision_logo> l;
    pc_status st = at_c_edge("logo", err, [&] {
        l.reset(new pc_vision_logo);
        cv::Mat img((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb));
        int lh = std::max(1, (int)(LOGO_SIDE * (double)h / w));
        cv::resize(img, l->rgb, cv::Size(LOGO_SIDE, lh), 0, 0, cv::INTER_AREA);
        l->grey = grey_of(l->rgb);
        l->inside = inside_of(l->rgb);
        sift()->detectAndCompute(l->grey, cv::noArray(), l->kp, l->desc);
        colour_axis(*l);
        build_bank(*l);
    });
    return st == PC_OK ? l.release() : nullptr;
}

extern "C" void pc_vision_logo_free(pc_vision_logo *l)
{
    delete l;
}

extern "C" pc_vision_scene *pc_vision_scene_new(const uint8_t *rgb,
                                                unsigned w, unsigned h,
                                                pc_error *err)
{
    return pc_vision_scene_new_detailed(rgb, w, h, nullptr, 0, 0, err);
}

extern "C" pc_vision_scene *pc_vision_scene_new_detailed(const uint8_t *rgb,
                                                         unsigned w, unsigned h,
                                                         const uint8_t *detail,
                                                         unsigned dw, unsigned dh,
                                                         pc_error *err)
{
    std::unique_ptr<pc_vision_scene> s;
    pc_status st = at_c_edge("scene", err, [&] {
        s.reset(new pc_vision_scene);
        s->rgb = cv::Mat((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb)).clone();
        s->grey = grey_of(s->rgb);
        cv::resize(s->rgb, s->half_rgb, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
        s->dft_size = cv::Size(cv::getOptimalDFTSize(s->half_rgb.cols),
                               cv::getOptimalDFTSize(s->half_rgb.rows));
        std::vector<cv::Mat> ch;
        cv::split(s->half_rgb, ch);
        cv::Mat sq = cv::Mat::zeros(s->half_rgb.size(), CV_32F);
        for (int c = 0; c < 3; c++) {
            cv::Mat f;
            ch[c].convertTo(f, CV_32F, 1, -cv::mean(ch[c])[0]);
            sq += f.mul(f);
            s->spec[c] = spectrum(f, s->dft_size);
        }
        s->spec[3] = spectrum(sq, s->dft_size);
        if (detail && dw > 0 && dh > 0) {
            cv::Mat d((int)dh, (int)dw, CV_8UC3, const_cast<uint8_t *>(detail));
            sift()->detectAndCompute(grey_of(d), cv::noArray(), s->kp, s->desc);
            s->kp_area = (double)dw * dh;
            s->key_inliers = KEY_INLIERS;
        } else {
            cv::Mat up;
            cv::resize(s->grey, up, cv::Size(), KEY_UPSCALE, KEY_UPSCALE, cv::INTER_CUBIC);
            sift()->detectAndCompute(up, cv::noArray(), s->kp, s->desc);
            s->kp_area = (double)up.cols * up.rows;
            s->key_inliers = KEY_INLIERS_UP;
        }
    });
    return st == PC_OK ? s.release() : nullptr;
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
    return at_c_edge("logo", err, [&] {
        vote->inliers = keypoint_vote(*l, *s);
        float best = -1;
        bool found = false;
        vote->close_inliers = 0;
        if (vote->inliers < s->key_inliers) {
            std::vector<cand> places = propose(*l, *s, TOP_K);
            for (const cand &c : places) {
                pc_vision_logo_place p = verify(*l, *s, c);
                best = std::max(best, p.score);
                if (passes(p)) {
                    found = true;
                    best = p.score;
                    break;
                }
            }
            for (size_t i = 0; !found && i < places.size(); i++) {
                vote->close_inliers = std::max(vote->close_inliers, close_vote(*l, *s, places[i]));
                found = vote->close_inliers >= CLOSE_INLIERS;
            }
        }
        vote->template_score = best;
        vote->found = vote->inliers >= s->key_inliers || found;
    });
}

extern "C" pc_status pc_vision_logo_places(const pc_vision_logo *l,
                                           const pc_vision_scene *s,
                                           pc_vision_logo_place *place,
                                           size_t max, size_t *n, int *inliers,
                                           pc_error *err)
{
    return at_c_edge("logo", err, [&] {
        *inliers = keypoint_vote(*l, *s);
        *n = 0;
        for (const cand &c : propose(*l, *s, max)) {
            place[(*n)++] = verify(*l, *s, c);
        }
    });
}