/* logos_int.hpp: what the logo finder's two files share (logos.cpp:
 * the logo's and the photo's preparation, the keypoint vote, the
 * proposals and the C entry points; logo_verify.cpp: measuring a proposed
 * place against the logo and scoring it). C++ only, never included from C. */
#ifndef PC_VISION_LOGOS_INT_HPP
#define PC_VISION_LOGOS_INT_HPP

#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/features2d.hpp>

#include "postcheck/vision.h"

namespace pc_logo {

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

/* Refines place c to a homography with ECC and measures the photo's
 * pixels under it against the logo (the PC_LOGO_F_* measures) and scores
 * them; all -1 when ECC fails or the logo's rectangle would not stay a
 * sane shape (logo_verify.cpp). */
pc_vision_logo_place verify(const pc_vision_logo &l, const pc_vision_scene &s,
                            const cand &c);

/* The inside of logo rgb (CV_8UC3): 255 where the hull of its pixels
 * that differ from its border's colour, shrunk by a margin, holds; its
 * edges there are the logo's letters and marks, not its outline. */
cv::Mat inside_of(const cv::Mat &rgb);

/* Whether a verified place shows the logo. */
bool passes(const pc_vision_logo_place &p);

} // namespace pc_logo

struct pc_vision_logo {
    cv::Mat grey, rgb;  /* LOGO_SIDE (logos.cpp) wide */
    cv::Mat inside;     /* its inside (255): the hull of what differs from
                           its border's colour, shrunk away from the
                           outline (logo_verify.cpp's inside_of) */
    std::vector<cv::KeyPoint> kp;
    cv::Mat desc;
    /* its colour axis: axis . (r, g, b) + axis_off is the logo's pixels
       along the direction its inside's colours vary most, 0-255 over the
       logo (logos.cpp's colour_axis; the close-up vote's image) */
    cv::Matx13f axis;
    float axis_off = 0;
    std::vector<pc_logo::tmpl> bank;
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
    int key_inliers;              /* the keypoint vote's inliers to find */
};

#endif
