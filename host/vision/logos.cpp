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
 *    own pixels, is matched (masked normalised cross-correlation, as
 *    cv::matchTemplate's masked TM_CCOEFF_NORMED, but from DFTs of the
 *    photo made once: masked_ncc) against the photo at half resolution;
 *    the TOP_K best places, ranked by how far each
 *    stands above its own map's mean (in standard deviations), are then
 *    refined to a homography by ECC (cv::findTransformECC, OpenCV's video
 *    module) on the grey photo at full resolution, and the photo's pixels
 *    under it are measured against the logo: colour NCC of the whole logo,
 *    median and lower-quartile NCC of its non-flat 4x4 cells, ECC's own
 *    correlation, NCC of the grey gradients, edge direction agreement,
 *    the share of the logo's edges the photo has too, colour NCC after a
 *    blur, the share of the logo's detailed cells the photo is flat
 *    under (a drawing's flat shapes), beside the proposal's score and
 *    width (PC_LOGO_F_* in vision.h). A logistic regression of these (SCORE_W)
 *    must reach SCORE_MIN. The refinement takes the tilt the fixed angles
 *    miss; the measures ask that the logo's detail be there, in its
 *    colours and its edges, which a look-alike blob fails and a logo
 *    partly hidden passes.
 * Either vote finds the logo. The weights and threshold were fitted on the
 * fit seeds of the seeded benchmark only (tests/bench/logo_sweep.py over
 * their 400 pasted logos and 600 photos without the logo: 2 of those 600
 * pass); other seeds are the figures reported (docs/VISION.md).
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
/* The verifying score: a logistic regression over a place's measures
 * (PC_LOGO_F_*, the proposal score capped at 20 and over 10, and the log
 * of the place's width over 100 px), fitted on the fit seeds' verified
 * places by tests/bench/logo_sweep.py, less a threshold set there on the
 * fit seeds' 600 photos without the logo (2 of them pass). In this
 * order: whole, cell, ecc, grad, orient, cellq, blur, prop, log width,
 * cover, flat. */
const double SCORE_W[] = {1.7550, -2.6012, 6.1211, 6.8805, -14.0842, 0.4902,
                          3.5936, 10.6657, 2.4261, 7.0238, -8.3065};
const double SCORE_B = -4.0770;
const double SCORE_MIN = 2.75; /* a place passes at SCORE_B + w.x >= this */

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
    cv::Scalar mean;        /* each channel's mean under the mask */
    double n = 0, dev2 = 0; /* pixels under the mask; the sum of their
                               squared deviations from mean */
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
    /* The half-resolution photo's DFTs (CCS-packed, CV_32F, dft_size):
     * each channel less its mean, then the sum of their squares. */
    cv::Mat spec[4];
    cv::Size dft_size;
    std::vector<cv::KeyPoint> kp; /* of the detail image when given, */
    cv::Mat desc;
    double kp_area;               /* whose area, in pixels, this is */
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

/* Normalised cross-correlation of a and b (same size and type, any
 * channels; each channel's mean taken away). */
double ncc(const cv::Mat &a, const cv::Mat &b)
{
    cv::Mat fa, fb;
    a.convertTo(fa, CV_32F);
    b.convertTo(fb, CV_32F);
    fa -= cv::mean(fa);
    fb -= cv::mean(fb);
    double ab = fa.dot(fb), aa = fa.dot(fa), bb = fb.dot(fb);
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

/* The NCCs of the cells of a CELLS x CELLS grid of the logo t that hold
 * something (not one flat colour), between patch and t (same size,
 * CV_8UC3), sorted; the whole logo's NCC alone when every cell is flat.
 * *flat is the fraction of those cells where the patch is nearly flat
 * (the logo's detail is not there). */
std::vector<double> cell_nccs(const cv::Mat &patch, const cv::Mat &t, float *flat)
{
    std::vector<double> v;
    int n_flat = 0;
    for (int i = 0; i < CELLS; i++) {
        for (int j = 0; j < CELLS; j++) {
            cv::Rect r(j * t.cols / CELLS, i * t.rows / CELLS, t.cols / CELLS,
                       t.rows / CELLS);
            cv::Scalar mean, sd;
            cv::meanStdDev(t(r), mean, sd);
            if (sd[0] + sd[1] + sd[2] >= FLAT_CELL) {
                v.push_back(ncc(patch(r), t(r)));
                cv::meanStdDev(patch(r), mean, sd);
                n_flat += sd[0] + sd[1] + sd[2] < FLAT_CELL / 2;
            }
        }
    }
    *flat = v.empty() ? 0 : (float)n_flat / (float)v.size();
    if (v.empty()) {
        v.push_back(ncc(patch, t));
    }
    std::sort(v.begin(), v.end());
    return v;
}

/* The gradient measures between grey images p (the photo under the
 * place) and t (the logo), same size, into f (PC_LOGO_F_*): the NCC of
 * their Sobel gradients; how well the edges' directions agree where the
 * logo has an edge (mean squared cosine of the angle between the two
 * gradients over the logo's pixels with at least a quarter of its
 * strongest gradient; 0.5 by chance, 1 when every edge lines up); and
 * the fraction of those edge pixels where the photo has an edge too (at
 * least a quarter of its strongest) within 30 degrees of the logo's. */
void gradients(const cv::Mat &p, const cv::Mat &t, float *f)
{
    cv::Mat px, py, tx, ty;
    cv::Sobel(p, px, CV_32F, 1, 0);
    cv::Sobel(p, py, CV_32F, 0, 1);
    cv::Sobel(t, tx, CV_32F, 1, 0);
    cv::Sobel(t, ty, CV_32F, 0, 1);
    cv::Mat pg, tg;
    cv::merge(std::vector<cv::Mat>{px, py}, pg);
    cv::merge(std::vector<cv::Mat>{tx, ty}, tg);
    double pt = pg.dot(tg), pp = pg.dot(pg), tt = tg.dot(tg);
    f[PC_LOGO_F_GRAD] = pp > 0 && tt > 0 ? (float)(pt / std::sqrt(pp * tt)) : 0;
    cv::Mat tm, pm;
    cv::magnitude(tx, ty, tm);
    cv::magnitude(px, py, pm);
    double mx, pmx;
    cv::minMaxLoc(tm, nullptr, &mx);
    cv::minMaxLoc(pm, nullptr, &pmx);
    double sum = 0;
    int n = 0, covered = 0;
    for (int y = 1; y + 1 < t.rows; y++) {
        for (int x = 1; x + 1 < t.cols; x++) {
            float m = tm.at<float>(y, x), b = pm.at<float>(y, x);
            if (m < 0.25 * mx || m <= 0) {
                continue;
            }
            float ax = tx.at<float>(y, x), ay = ty.at<float>(y, x);
            float bx = px.at<float>(y, x), by = py.at<float>(y, x);
            double bm = (double)bx * bx + (double)by * by;
            double d = (double)ax * bx + (double)ay * by;
            double cos2 = bm > 1e-6 ? d * d / (bm * m * m) : 0;
            sum += cos2;
            covered += b >= 0.25 * pmx && b > 0 && cos2 >= 0.75;
            n++;
        }
    }
    f[PC_LOGO_F_ORIENT] = n ? (float)(sum / n) : 0;
    f[PC_LOGO_F_COVER] = n ? (float)covered / (float)n : 0;
}

/* The verifying score of a place's measures f, the place w pixels wide
 * (the weights above, less SCORE_MIN): >= 0 passes. */
float combine(const float *f, double w)
{
    double x[] = {f[PC_LOGO_F_WHOLE], f[PC_LOGO_F_CELL], f[PC_LOGO_F_ECC],
                  f[PC_LOGO_F_GRAD], f[PC_LOGO_F_ORIENT], f[PC_LOGO_F_CELLQ],
                  f[PC_LOGO_F_BLUR], std::min(20.0, (double)f[PC_LOGO_F_PROP]) / 10,
                  std::log(w / 100), f[PC_LOGO_F_COVER], f[PC_LOGO_F_FLAT]};
    double s = SCORE_B - SCORE_MIN;
    for (size_t i = 0; i < sizeof x / sizeof x[0]; i++) {
        s += SCORE_W[i] * x[i];
    }
    return (float)s;
}

/* Refines place c to a homography with ECC and measures the photo's
 * pixels under it against the logo (the PC_LOGO_F_* measures), all -1
 * when ECC fails or the logo's rectangle would not stay a sane shape. */
pc_vision_logo_place verify(const pc_vision_logo &l, const pc_vision_scene &s,
                            const cand &c)
{
    pc_vision_logo_place out;
    std::fill(out.f, out.f + PC_LOGO_F_COUNT, -1.0f);
    out.f[PC_LOGO_F_PROP] = (float)c.score;
    out.score = -1e3f;
    out.x = (float)c.x;
    out.y = (float)c.y;
    out.w = (float)c.w;
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
    double rho;
    try {
        rho = cv::findTransformECC(t, s.grey, H, cv::MOTION_HOMOGRAPHY,
                                   cv::TermCriteria(cv::TermCriteria::COUNT |
                                                    cv::TermCriteria::EPS, 40, 1e-4),
                                   cv::noArray(), 3);
    } catch (const cv::Exception &) {
        return out; /* did not converge: not this place */
    }
    std::vector<cv::Point2f> sq{{0, 0}, {(float)tw, 0}, {(float)tw, (float)th},
                                {0, (float)th}}, q;
    cv::Mat Hd;
    H.convertTo(Hd, CV_64F);
    cv::perspectiveTransform(sq, q, Hd);
    double area = cv::contourArea(q);
    if (!cv::isContourConvex(q) || area < 0.4 * tw * th || area > 2.5 * tw * th) {
        return out;
    }
    cv::Mat patch, pgrey;
    cv::warpPerspective(s.rgb, patch, H, trgb.size(),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
    cv::warpPerspective(s.grey, pgrey, H, t.size(),
                        cv::INTER_LINEAR | cv::WARP_INVERSE_MAP);
    out.f[PC_LOGO_F_WHOLE] = (float)ncc(patch, trgb);
    std::vector<double> cells = cell_nccs(patch, trgb, &out.f[PC_LOGO_F_FLAT]);
    out.f[PC_LOGO_F_CELL] = (float)cells[cells.size() / 2];
    out.f[PC_LOGO_F_CELLQ] = (float)cells[cells.size() / 4];
    out.f[PC_LOGO_F_ECC] = (float)rho;
    gradients(pgrey, t, out.f);
    cv::Mat bp, bt;
    double sigma = std::max(1.0, tw / 40.0);
    cv::GaussianBlur(patch, bp, cv::Size(), sigma);
    cv::GaussianBlur(trgb, bt, cv::Size(), sigma);
    out.f[PC_LOGO_F_BLUR] = (float)ncc(bp, bt);
    out.score = combine(out.f, c.w);
    return out;
}

bool passes(const pc_vision_logo_place &p)
{
    return p.score >= 0;
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
    return pc_vision_scene_new_detailed(rgb, w, h, nullptr, 0, 0, err);
}

extern "C" pc_vision_scene *pc_vision_scene_new_detailed(const uint8_t *rgb,
                                                         unsigned w, unsigned h,
                                                         const uint8_t *detail,
                                                         unsigned dw, unsigned dh,
                                                         pc_error *err)
{
    pc_vision_scene *s = nullptr;
    try {
        s = new pc_vision_scene;
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
        } else {
            sift()->detectAndCompute(s->grey, cv::noArray(), s->kp, s->desc);
            s->kp_area = (double)w * h;
        }
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
            for (const cand &c : propose(*l, *s, TOP_K)) {
                pc_vision_logo_place p = verify(*l, *s, c);
                best = std::max(best, p.score);
                if (passes(p)) {
                    found = true;
                    best = p.score;
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
        for (const cand &c : propose(*l, *s, max)) {
            place[(*n)++] = verify(*l, *s, c);
        }
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "logo: %s", e.what());
    }
}
