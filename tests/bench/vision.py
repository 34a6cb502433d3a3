#!/usr/bin/env python3
"""tests/bench/vision.py: the vision benchmark (issue 12); run it through
tests/bench/vision, which builds first. Prints figures, never fails.

Faces: dlib's labelled photos (../shared/images/faces-dlib: 9 PASCAL VOC
group photos, 43 faces, all adults; recall on children is not measured),
and photos without faces: Debian's mate-backgrounds wallpapers (but its two
large copies of Elephants.jpg) plus dlib's dogs.jpg (a hard negative). A
face is found when a box overlaps it with IoU >= 0.3; every other box is a
false box. Time, wall and the helper's CPU (one OpenCV thread): per 384-px
thumbnail (the extension's path: pixels to the helper), per 12 MP JPEG file
(read from disk, decoded and looked at in the helper), and the whole
`postcheck check --image` command on it.
Logos: the seeded generator of tests/bench/logo_bench.cpp (flat logos it
draws, pasted at 8-40% width, turned, tilted, partly hidden, JPEG), recall
split by background photo and false hits in photos without the logo, on
the seeds (and Debian's plasma-workspace-wallpapers) the verifying score
was fitted on, the dev seeds kept out of the fit to choose between fits
and the test seeds, as thumbnails and as image files (keypoints at 768 px). Each of
issue 12's aims is printed beside its figure.

First photos (--first [ROUNDS], only that): a new `postcheck serve` under
a pack with a drawn test logo (llmat-crest, as vision_browser.mjs) and
under llmat, its hello with and without "images": true in turn, 1.5 s,
then a check listing a photo (no pixels) and, 30 ms later, its 384-px
thumbnail, then a second photo the same way: the time from the first
check to the thumbnail's answer, and the helper's CPU in that time.

Usage: tests/bench/vision.py BUILD_DIR [--first [ROUNDS]]
"""
import base64
import glob
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import tempfile
import time

BUILD = sys.argv[1] if len(sys.argv) > 1 else 'build-bench'
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FACES = os.path.join(os.path.dirname(ROOT), 'shared', 'images', 'faces-dlib')
WALLPAPERS = '/usr/share/backgrounds/mate'
HELPER = os.path.join(BUILD, 'postcheck-vision')
TOOL = os.path.join(BUILD, 'tests', 'pc_vision_tool')
MAGIC = 0x32564350  # host/vision_wire.h


class Helper:
    """postcheck-vision over pipes, with the host's wire format."""

    def __init__(self):
        self.p = subprocess.Popen([HELPER], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)

    def cpu_ms(self):
        """The helper's CPU time so far (user + system), in ms."""
        fields = open(f'/proc/{self.p.pid}/stat').read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf('SC_CLK_TCK')

    def ask(self, op, payload, w=0, h=0):
        self.p.stdin.write(struct.pack("=6I", MAGIC, op, w, h, len(payload), 0) + payload)
        self.p.stdin.flush()
        n = struct.unpack('=I', self.p.stdout.read(4))[0]
        text = self.p.stdout.read(n).decode()
        lines = text.splitlines()
        head = lines[0].split()
        if head[0] != 'ok':
            return None
        boxes = [tuple(map(float, l.split()[1:5])) for l in lines[1:] if l.startswith('face ')]
        return {'w': int(head[1]), 'h': int(head[2]), 'faces': int(head[4]), 'boxes': boxes}

    def close(self):
        self.p.stdin.close()
        self.p.wait()


def labelled():
    out = {}
    for name in ('training.xml', 'testing.xml'):
        cur = None
        for line in open(os.path.join(FACES, name), encoding='latin-1'):
            m = re.search(r"<image file='([^']+)'", line)
            if m:
                cur = m.group(1)
                out[cur] = []
            m = re.search(r"<box top='(\d+)' left='(\d+)' width='(\d+)' height='(\d+)'", line)
            if m and cur:
                t, l, w, h = map(int, m.groups())
                out[cur].append((l, t, w, h))
    return out


def iou(a, b):
    x0, y0 = max(a[0], b[0]), max(a[1], b[1])
    x1, y1 = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    inter = max(0, x1 - x0) * max(0, y1 - y0)
    return inter / (a[2] * a[3] + b[2] * b[3] - inter)


def image_size(path):
    """Width of a JPEG from its SOF marker (the labelled photos are JPEGs)."""
    data = open(path, 'rb').read()
    i = 2
    while i < len(data):
        if data[i] != 0xff:
            i += 1
            continue
        marker = data[i + 1]
        if marker in (0xc0, 0xc1, 0xc2):
            h, w = struct.unpack('>HH', data[i + 5:i + 9])
            return w, h
        i += 2 + struct.unpack('>H', data[i + 2:i + 4])[0]
    return None


def thumb(path, tmp):
    out = os.path.join(tmp, 'thumb.rgb')
    subprocess.run([TOOL, 'thumb', path, out], check=True)
    data = open(out, 'rb').read()
    head, _, rgb = data.partition(b'\n')
    w, h = map(int, head.split())
    return w, h, rgb


def faces(helper, tmp):
    gt = labelled()
    found = total = false_pos = 0
    for name, boxes in sorted(gt.items()):
        path = os.path.join(FACES, name)
        r = helper.ask(1, open(path, 'rb').read())
        scale = image_size(path)[0] / r['w']
        used = set()
        for b in r['boxes']:
            d = tuple(v * scale for v in b)
            best = max((j for j in range(len(boxes)) if j not in used),
                       key=lambda j: iou(d, boxes[j]), default=None)
            if best is not None and iou(d, boxes[best]) >= 0.3:
                used.add(best)
            else:
                false_pos += 1
        found += len(used)
        total += len(boxes)
    negatives = sorted(p for p in glob.glob(os.path.join(WALLPAPERS, '*', '*'))
                       if 'Elephants_' not in p) + [os.path.join(FACES, 'dogs.jpg')]
    neg_boxes = 0
    neg_hits = []
    for p in negatives:
        r = helper.ask(1, open(p, 'rb').read())
        if r and r['faces']:
            neg_boxes += r['faces']
            neg_hits.append(f"{os.path.basename(p)}:{r['faces']}")
    print(f"faces: found {found}/{total} labelled adult faces (recall {found / total:.3f}; "
          f"aim >= 0.95), {false_pos} false boxes in the {len(gt)} labelled photos")
    print(f"faces: {neg_boxes} false boxes in {len(negatives)} photos without faces "
          f"({20 * neg_boxes / len(negatives):.1f} in 20; aim <= 1 in 20; mate-backgrounds + "
          f"dogs.jpg){': ' + ', '.join(neg_hits) if neg_hits else ''}")
    # Thumbnails: the extension's path.
    ms = []
    cpu0 = helper.cpu_ms()
    for name in sorted(gt):
        w, h, rgb = thumb(os.path.join(FACES, name), tmp)
        for _ in range(3):
            t0 = time.perf_counter()
            helper.ask(2, rgb, w, h)
            ms.append((time.perf_counter() - t0) * 1000)
    cpu = (helper.cpu_ms() - cpu0) / len(ms)
    print(f"faces: {statistics.median(ms):.1f} ms wall per 384-px thumbnail (median of {len(ms)}, "
          f"max {max(ms):.1f}), {cpu:.1f} ms CPU in the helper (mean; one OpenCV thread); "
          f"aim <= 40 ms; helper already running")


def big_file(helper, tmp):
    src = os.path.join(WALLPAPERS, 'abstract', 'Elephants_5640x3172.jpg')
    big = os.path.join(tmp, 'twelve-mp.jpg')
    subprocess.run([TOOL, 'resize', src, '4608', big], check=True)
    w, h = image_size(big)
    ms = []
    cpu0 = helper.cpu_ms()
    for _ in range(5):
        t0 = time.perf_counter()
        helper.ask(1, open(big, 'rb').read())
        ms.append((time.perf_counter() - t0) * 1000)
    cpu = (helper.cpu_ms() - cpu0) / len(ms)
    cmd = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run([os.path.join(BUILD, 'postcheck'), 'check', '--policy', 'llmat',
                        '--personal', '--image', big, 'x'], capture_output=True)
        cmd.append((time.perf_counter() - t0) * 1000)
    print(f"faces: {statistics.median(ms):.1f} ms wall per {w}x{h} ({w * h / 1e6:.1f} MP) JPEG "
          f"file read from disk (median of 5; helper running), {cpu:.1f} ms CPU in the helper "
          f"(mean); aim <= 300 ms; whole `postcheck check --image` "
          f"{statistics.median(cmd):.1f} ms (median of 3, starting host and helper)")


def frame(obj):
    b = json.dumps(obj).encode()
    return struct.pack('=I', len(b)) + b


def read_frame(p):
    n = struct.unpack('=I', p.stdout.read(4))[0]
    return json.loads(p.stdout.read(n))


def peak_kib(pid):
    for line in open(f'/proc/{pid}/status'):
        if line.startswith('VmHWM'):
            return int(line.split()[1])
    return -1


def host():
    """The host's cold start to its first reply, and its peak memory
    before and after its first image (which starts postcheck-vision)."""
    binary = os.path.join(BUILD, 'postcheck')
    starts = []
    for i in range(10):
        t0 = time.perf_counter()
        p = subprocess.Popen([binary, 'serve'], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        p.stdin.write(frame({'type': 'hello', 'id': 1, 'protocol': 1}))
        p.stdin.flush()
        read_frame(p)
        starts.append((time.perf_counter() - t0) * 1000)
        if i < 9:
            p.stdin.close()
            p.wait()
    hello = peak_kib(p.pid)
    w, h = 384, 288
    rgb = bytes((x * 7 + y * 3 + c) % 256 for y in range(h) for x in range(w) for c in range(3))
    check = {'type': 'check', 'id': 2, 'policy': 'llmat', 'text': '',
             'account': {'kind': 'personal'},
             'attachments': [{'kind': 'image', 'name': 'a.jpg', 'dhash': 'fedcba9876543210'}]}
    p.stdin.write(frame(check))
    p.stdin.flush()
    read_frame(p)
    words = peak_kib(p.pid)
    check['attachments'][0]['pixels'] = {'width': w, 'height': h,
                                         'rgb': base64.b64encode(rgb).decode()}
    check['attachments'][0]['dhash'] = '0123456789abcdef'
    t0 = time.perf_counter()
    p.stdin.write(frame(check))
    p.stdin.flush()
    read_frame(p)
    first = (time.perf_counter() - t0) * 1000
    pixels = peak_kib(p.pid)
    kids = subprocess.run(['pgrep', '-P', str(p.pid)], capture_output=True, text=True).stdout.split()
    helper = peak_kib(int(kids[0])) if kids else -1
    p.stdin.close()
    p.wait()
    print(f"host: cold start to the hello reply {statistics.median(starts):.1f} ms (median of 10); "
          f"peak memory {hello} KiB after hello, {words} KiB after a check, {pixels} KiB after a "
          f"check with a 384x288 thumbnail ({first:.0f} ms, starting postcheck-vision: "
          f"{helper} KiB in its own process)")
    early = []
    for i in range(5):
        p = subprocess.Popen([binary, 'serve'], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        p.stdin.write(frame({'type': 'hello', 'id': 1, 'protocol': 1, 'policy': 'llmat'}))
        p.stdin.flush()
        read_frame(p)
        time.sleep(1.5)  # the user writes, then attaches a photo
        check['attachments'][0]['dhash'] = f'{i:016x}'
        t0 = time.perf_counter()
        p.stdin.write(frame(check))
        p.stdin.flush()
        read_frame(p)
        early.append((time.perf_counter() - t0) * 1000)
        p.stdin.close()
        p.wait()
    print(f"host: first check with a 384x288 thumbnail 1.5 s after a hello naming llmat (a pack "
          f"with faces rules; the helper starts at the first image) {statistics.median(early):.0f} ms "
          f"(median of 5; {min(early):.0f}-{max(early):.0f})")


# The logo finder's verifying score was fitted on FIT_SEEDS, with the
# photos without the logo of the dev backgrounds and of PLASMA (tests/bench/
# logo_sweep.py), its threshold set there too; DEV_SEEDS were kept out of
# the fit to choose between fits (a refit on seeds 12-17 was not kept: it
# did no better there, docs/VISION.md); TEST_SEEDS are the figures to quote
# (images no fit or choice saw).
FIT_SEEDS = '12,13,14,15'
PLASMA_SEEDS = '12,13,14,15,16,17,18,19'
DEV_SEEDS = '20,21'
# Photos without the logo on the people and drawings set (logo_backgrounds).
DEV_PEOPLE_SEEDS = '20,21,22,23,24,25,26,27,28,29'
TEST_SEEDS = '101,102,103,104'
PLASMA = '/usr/share/wallpapers'


def logo_backgrounds():
    """The backgrounds: (fit, dev and test; never used in tuning; the fit
    seeds' photos without the logo from Debian's plasma-workspace-wallpapers:
    one image of each wallpaper)."""
    photos = sorted(glob.glob(os.path.join(WALLPAPERS, 'nature', '*.jpg')))
    photos += sorted(glob.glob(os.path.join(FACES, '2*.jpg')))
    # Backgrounds the tuning never saw: Debian's ukui-wallpapers (photos
    # and drawings), dlib's other photos and mate's Elephants photo.
    held_out = sorted(glob.glob('/usr/share/backgrounds/*.jpg') +
                      glob.glob('/usr/share/backgrounds/*.png'))
    held_out += [os.path.join(FACES, f) for f in ('Tom_Cruise_avp_2014_4.jpg', 'bald_guys.jpg',
                                                  'dogs.jpg')]
    held_out.append(os.path.join(WALLPAPERS, 'abstract', 'Elephants.jpg'))
    plasma = []
    for folder in sorted(glob.glob(os.path.join(PLASMA, '*', 'contents', 'images'))):
        images = sorted(glob.glob(os.path.join(folder, '*.jpg')) +
                        glob.glob(os.path.join(folder, '*.png')))
        plasma += images[:1]
    # Photos of people and flat drawings from Debian packages (tests/bench/
    # logo_negatives puts them there): the kinds the template vote fired on,
    # a dev set (the small-width rule was chosen on them).
    people = sorted(glob.glob(os.path.join(BUILD, 'logo-negatives', '*')))
    return photos, held_out, plasma, people


def logos():
    """The seeded logo benchmark (tests/bench/logo_bench.cpp): per seed,
    100 pasted logos and 50 photos without the logo, at the shim's fixed
    thresholds; the fit seeds, the dev seeds, then the test seeds."""
    photos, held_out, plasma, people = logo_backgrounds()
    detail = ['--detail']  # an image file's keypoints at 768 px, as the helper does
    runs = (('fit seeds (score fitted on them)', [], FIT_SEEDS, '100', photos),
            ('fit seeds, photos without the logo from plasma-workspace-wallpapers (score '
             'fitted on them)', [], PLASMA_SEEDS, '0', plasma),
            ('dev seeds (kept out of the fit, to choose between fits)', [], DEV_SEEDS, '100',
             photos),
            ('dev seeds, backgrounds never used in fitting', [], DEV_SEEDS, '100', held_out),
            ('dev seeds, photos of people and flat drawings without the logo (dev: chosen on)',
             [], DEV_PEOPLE_SEEDS, '0', people),
            ('dev seeds, photos of people and flat drawings with the logo', [], DEV_SEEDS, '50',
             people),
            ('test', [], TEST_SEEDS, '100', photos),
            ('test, backgrounds never used in tuning', [], TEST_SEEDS, '100', held_out),
            ('test, image files (--detail)', detail, TEST_SEEDS, '100', photos),
            ('test, image files, backgrounds never used in tuning', detail, TEST_SEEDS, '100',
             held_out))
    for label, flags, seeds, positives, backgrounds in runs:
        if not backgrounds:
            print(f'logos, {label}: no photos')
            continue
        print(f'logos, {label}:')
        out = subprocess.run([os.path.join(BUILD, 'tests', 'pc_logo_bench')] + flags +
                             [seeds, positives, '50'] + backgrounds,
                             capture_output=True, text=True)
        print(out.stdout.rstrip())


def cpu_ms(pid):
    f = open(f'/proc/{pid}/stat').read().rsplit(') ', 1)[1].split()
    return (int(f[11]) + int(f[12])) * 1000 / os.sysconf('SC_CLK_TCK')


def first_photos(rounds):
    """The first and second photo of a new host, its hello with and
    without "images" (the helper made ready at the hello)."""
    nature = sorted(glob.glob('/usr/share/backgrounds/mate/nature/*.jpg'))
    if not nature:
        print('first photos: no mate-backgrounds: skipped')
        return
    with tempfile.TemporaryDirectory() as tmp:
        photos = os.path.join(tmp, 'photos')
        policies = os.path.join(tmp, 'config', 'postcheck', 'policies')
        os.makedirs(photos)
        os.makedirs(policies)
        subprocess.run([os.path.join(BUILD, 'tests', 'pc_logo_bench'), '--write', photos, '7', '6']
                       + nature, check=True, stdout=subprocess.DEVNULL)
        with open(os.path.join(photos, 'logo.jpg'), 'rb') as f, \
                open(os.path.join(policies, 'crest.jpg'), 'wb') as g:
            g.write(f.read())
        with open(os.path.join(policies, 'llmat-crest.json'), 'w') as f:
            json.dump({'id': 'llmat-crest', 'extends': 'llmat', 'name': 'LLMAT with a test crest',
                       'organisation': 'LLMAT', 'version': '1',
                       'logos': [{'name': 'Test crest', 'image': 'crest.jpg'}]}, f)
        thumbs = [thumb(os.path.join(photos, f'photo-{i}.jpg'), tmp) for i in range(6)]
        env = dict(os.environ, XDG_CONFIG_HOME=os.path.join(tmp, 'config'))

        def one(policy, images, i):
            p = subprocess.Popen([os.path.join(BUILD, 'postcheck'), 'serve'], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
            hello = {'type': 'hello', 'id': 1, 'protocol': 1, 'policy': policy}
            if images:
                hello['images'] = True
            p.stdin.write(frame(hello))
            p.stdin.flush()
            read_frame(p)
            time.sleep(1.5)  # the user writes, then attaches a photo
            out = []
            for k in range(2):
                w, h, rgb = thumbs[(i + k) % len(thumbs)]
                att = {'kind': 'image', 'name': 'a.jpg'}
                check = {'type': 'check', 'id': 2, 'policy': policy, 'text': '',
                         'account': {'kind': 'personal'}, 'attachments': [att]}
                t0 = time.perf_counter()
                p.stdin.write(frame(check))
                p.stdin.flush()
                read_frame(p)
                time.sleep(0.03)  # the page draws the thumbnail
                kids = subprocess.run(['pgrep', '-P', str(p.pid)], capture_output=True,
                                      text=True).stdout.split()
                c0 = cpu_ms(kids[0]) if kids else 0
                att['dhash'] = f'{i:08x}{k:08x}'
                att['pixels'] = {'width': w, 'height': h, 'rgb': base64.b64encode(rgb).decode()}
                p.stdin.write(frame(check))
                p.stdin.flush()
                read_frame(p)
                ms = (time.perf_counter() - t0) * 1000
                c1 = cpu_ms(kids[0]) if kids else 0
                out.append((ms, c1 - c0))
            p.stdin.close()
            p.wait()
            return out

        for policy in ('llmat-crest', 'llmat'):
            res = {0: [], 1: []}
            for i in range(rounds):
                for images in (0, 1):
                    res[images].append(one(policy, images, i))
            for images in (0, 1):
                med = lambda k, j: statistics.median(r[k][j] for r in res[images])
                print(f"first photos under {policy}, hello {'with' if images else 'without'} "
                      f"\"images\" ({rounds} hosts): the first photo answered in a median "
                      f"{med(0, 0):.0f} ms ({', '.join(f'{r[0][0]:.0f}' for r in res[images])}), "
                      f"the helper's CPU in that time {med(0, 1):.0f} ms; the second {med(1, 0):.0f} ms "
                      f"({med(1, 1):.0f} ms CPU); load average {os.getloadavg()[0]:.1f}")


def main():
    if '--first' in sys.argv:
        at = sys.argv.index('--first')
        first_photos(int(sys.argv[at + 1]) if len(sys.argv) > at + 1 else 5)
        return
    if not os.path.isdir(FACES):
        print(f'vision: no {FACES}: face figures skipped')
        return
    helper = Helper()
    with tempfile.TemporaryDirectory() as tmp:
        faces(helper, tmp)
        big_file(helper, tmp)
    helper.close()
    host()
    logos()


main()
