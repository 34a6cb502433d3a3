/* logos.cpp: the C++ shim's logo finder (vision.h): a pack's logo image
 * found inside a photo, at 8-40% of its width, turned, tilted, partly
 * hidden, JPEG-compressed. Two votes:
 *  - keypoints: SIFT (OpenCV 4.6 features2d) on the logo (256 px) and the
 *    photo, Lowe's ratio test, a RANSAC homography; the logo's square
 *    mapped through it must stay convex and cover 0.2-50% of the photo;
 *    at least KEY_INLIERS inliers.
 *  - templates: the logo's grey image at 12 widths from 7% to 42% of the
 *    photo, turned -20..20 degrees in 10-degree steps, normalised
 *    cross-correlation (TM_CCOEFF_NORMED) of at least TEMPLATE_SCORE.
 * Either vote finds the logo. Thresholds are set in docs/VISION.md from
 * the seeded benchmark (tests/bench/vision), at <= 1 false hit in 50
 * photos without the logo. Nothing throws across the C header. */
#include <algorithm>
#include <exception>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>
#include <opencv2/imgproc.hpp>

#include "postcheck/vision.h"

namespace {

const int LOGO_SIDE = 256;
const int KEY_INLIERS = 8;
const double TEMPLATE_SCORE = 0.85;

cv::Ptr<cv::SIFT> &sift()
{
    static cv::Ptr<cv::SIFT> s = cv::SIFT::create();
    return s;
}

cv::Mat grey(const uint8_t *rgb, unsigned w, unsigned h)
{
    cv::Mat img((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb)), g;
    cv::cvtColor(img, g, cv::COLOR_RGB2GRAY);
    return g;
}

} // namespace

struct pc_vision_logo {
    cv::Mat grey;                     /* LOGO_SIDE wide */
    std::vector<cv::KeyPoint> kp;
    cv::Mat desc;
};

struct pc_vision_scene {
    cv::Mat grey;
    std::vector<cv::KeyPoint> kp;
    cv::Mat desc;
};

extern "C" pc_vision_logo *pc_vision_logo_new(const uint8_t *rgb, unsigned w,
                                              unsigned h, pc_error *err)
{
    try {
        pc_vision_logo *l = new pc_vision_logo;
        cv::Mat g = grey(rgb, w, h);
        int lh = std::max(1, (int)(LOGO_SIDE * (double)h / w));
        cv::resize(g, l->grey, cv::Size(LOGO_SIDE, lh), 0, 0, cv::INTER_AREA);
        sift()->detectAndCompute(l->grey, cv::noArray(), l->kp, l->desc);
        return l;
    } catch (const std::exception &e) {
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
    try {
        pc_vision_scene *s = new pc_vision_scene;
        s->grey = grey(rgb, w, h);
        sift()->detectAndCompute(s->grey, cv::noArray(), s->kp, s->desc);
        return s;
    } catch (const std::exception &e) {
        pc_error_set(err, PC_ERR_INTERNAL, "scene: %s", e.what());
        return nullptr;
    }
}

extern "C" void pc_vision_scene_free(pc_vision_scene *s)
{
    delete s;
}

namespace {

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
    if (a.size() < (size_t)KEY_INLIERS) {
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

double template_vote(const pc_vision_logo &l, const pc_vision_scene &s)
{
    double best = 0;
    const cv::Mat &g = s.grey;
    for (double f = 0.07; f <= 0.42; f *= 1.17) {
        int tw = std::max(8, (int)(f * g.cols));
        int th = std::max(8, (int)(tw * (double)l.grey.rows / l.grey.cols));
        if (tw >= g.cols || th >= g.rows) {
            break;
        }
        cv::Mat t;
        cv::resize(l.grey, t, cv::Size(tw, th), 0, 0, cv::INTER_AREA);
        for (int angle = -20; angle <= 20; angle += 10) {
            cv::Mat r = t, res;
            if (angle) {
                cv::Mat R = cv::getRotationMatrix2D(
                    cv::Point2f(tw / 2.0f, th / 2.0f), angle, 1.0);
                cv::warpAffine(t, r, R, t.size(), cv::INTER_LINEAR,
                               cv::BORDER_REPLICATE);
            }
            double mx;
            cv::matchTemplate(g, r, res, cv::TM_CCOEFF_NORMED);
            cv::minMaxLoc(res, nullptr, &mx);
            best = std::max(best, mx);
        }
    }
    return best;
}

} // namespace

extern "C" pc_status pc_vision_logo_find(const pc_vision_logo *l,
                                         const pc_vision_scene *s,
                                         pc_vision_logo_vote *vote,
                                         pc_error *err)
{
    try {
        vote->inliers = keypoint_vote(*l, *s);
        vote->template_score = (float)template_vote(*l, *s);
        vote->found = vote->inliers >= KEY_INLIERS ||
                      vote->template_score >= TEMPLATE_SCORE;
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "logo: %s", e.what());
    }
}
